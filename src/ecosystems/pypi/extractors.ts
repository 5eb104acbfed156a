import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const REQUIREMENTS_FORMAT: ExtractorDescriptor = {
  format: "requirements.txt",
  ecosystem: "PyPI",
  matches: (path) => {
    const base = path.slice(path.lastIndexOf("/") + 1);
    if (!base.endsWith(".txt")) return false;
    return (
      /(^|[-_.])requirements?([-_.][^/]*)?\.txt$/i.test(base) || /(^|\/)requirements\/[^/]+\.txt$/.test(path)
    );
  },
};

export const POETRY_LOCK_FORMAT: ExtractorDescriptor = {
  format: "poetry.lock",
  ecosystem: "PyPI",
  matches: fileNamed("poetry.lock"),
};

export const PIPFILE_LOCK_FORMAT: ExtractorDescriptor = {
  format: "Pipfile.lock",
  ecosystem: "PyPI",
  matches: fileNamed("Pipfile.lock"),
};

export const PDM_LOCK_FORMAT: ExtractorDescriptor = {
  format: "pdm.lock",
  ecosystem: "PyPI",
  matches: fileNamed("pdm.lock"),
};

export const UV_LOCK_FORMAT: ExtractorDescriptor = {
  format: "uv.lock",
  ecosystem: "PyPI",
  matches: fileNamed("uv.lock"),
};

export const PYLOCK_FORMAT: ExtractorDescriptor = {
  format: "pylock.toml",
  ecosystem: "PyPI",
  matches: (path) => /(^|\/)pylock\.([^/.]+\.)?toml$/.test(path),
};

/** Every Python lockfile and requirements format Bulwark reads. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(REQUIREMENTS_FORMAT, () => import("./requirements.js").then((m) => m.requirementsExtractor)),
  lazyExtractor(POETRY_LOCK_FORMAT, () => import("./poetry-lock.js").then((m) => m.poetryLockExtractor)),
  lazyExtractor(PIPFILE_LOCK_FORMAT, () => import("./pipfile-lock.js").then((m) => m.pipfileLockExtractor)),
  lazyExtractor(PDM_LOCK_FORMAT, () => import("./pdm-lock.js").then((m) => m.pdmLockExtractor)),
  lazyExtractor(UV_LOCK_FORMAT, () => import("./uv-lock.js").then((m) => m.uvLockExtractor)),
  lazyExtractor(PYLOCK_FORMAT, () => import("./pylock.js").then((m) => m.pylockExtractor)),
];
