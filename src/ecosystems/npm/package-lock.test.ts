import { runLockfileSuite } from "../../testing/extractor-kit.js";
import { packageLockExtractor, shrinkwrapExtractor } from "./package-lock.js";

runLockfileSuite("javascript", "packagelockjson", {
  strictCommit: true,
  extractor: (fixture) =>
    fixture.endsWith("npm-shrinkwrap.json") ? shrinkwrapExtractor : packageLockExtractor,
});
