import { runLockfileSuite } from "./corpus-suite.js";
import { yarnLockExtractor } from "./yarn-lock.js";

runLockfileSuite("javascript", "yarnlock", { extractor: () => yarnLockExtractor });
