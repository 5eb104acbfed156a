import { runLockfileSuite } from "./corpus-suite.js";
import { packageLockExtractor, shrinkwrapExtractor } from "./package-lock.js";

runLockfileSuite("javascript", "packagelockjson", {
  extractor: (fixture) =>
    fixture.endsWith("npm-shrinkwrap.json") ? shrinkwrapExtractor : packageLockExtractor,
});
