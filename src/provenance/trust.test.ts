import assert from "node:assert/strict";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { ProvenanceError } from "./errors.js";
import { refreshedTrustFiles, TrustStore } from "./trust.js";
import { PINNED_NPM_KEYS_PATH, PINNED_TRUSTED_ROOT_PATH } from "./trusted-root.js";

/** A real trusted root other than production: the sigstage root of a conformance case. */
const stagingRoot = corpusPath(
  "signing",
  "sigstore-conformance",
  "bundle-verify",
  "rekor2-happy-path",
  "trusted_root.json",
);

describe("TrustStore", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "bulwark-trust-store-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("uses the pinned copies without a refreshed folder, and an explicit path before anything", async () => {
    const store = new TrustStore();
    const pinned = await store.resolve();
    assert.equal(pinned.trustedRoot.source, PINNED_TRUSTED_ROOT_PATH);
    assert.equal(pinned.registryKeysPath, PINNED_NPM_KEYS_PATH);
    assert.equal((await store.trustedRoot(stagingRoot)).source, stagingRoot);
  });

  it("prefers the refreshed folder's files when present, and sees them appear and change", async () => {
    const refreshed = join(dir, "refreshed");
    const store = new TrustStore({ refreshedDir: refreshed });
    assert.equal((await store.trustedRoot()).source, PINNED_TRUSTED_ROOT_PATH, "nothing refreshed yet");
    const files = refreshedTrustFiles(refreshed);
    mkdirSync(refreshed);
    copyFileSync(PINNED_TRUSTED_ROOT_PATH, files.trustedRoot);
    const first = await store.trustedRoot();
    assert.equal(first.source, files.trustedRoot);
    assert.equal(first.root.tlogs.length, 2);
    assert.equal(await store.trustedRoot(), first, "kept while the file is unchanged");
    // `trust update` replaces the file: the store reads it again, no restart needed.
    copyFileSync(stagingRoot, files.trustedRoot);
    utimesSync(files.trustedRoot, new Date(), new Date(Date.now() + 5000));
    const second = await store.trustedRoot();
    assert.notEqual(second, first);
    assert.ok(second.root.tlogs.some((t) => t.baseUrl.includes("sigstage")));
  });

  it("refresh() forgets what was read; a broken file is reported and not kept", async () => {
    const path = join(dir, "root.json");
    copyFileSync(PINNED_TRUSTED_ROOT_PATH, path);
    const store = new TrustStore();
    const first = await store.trustedRoot(path);
    store.refresh();
    assert.notEqual(await store.trustedRoot(path), first);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, readFileSync(PINNED_TRUSTED_ROOT_PATH, "utf8").slice(0, 100));
    await assert.rejects(store.trustedRoot(broken), (e: unknown) => e instanceof ProvenanceError);
    writeFileSync(broken, readFileSync(stagingRoot));
    utimesSync(broken, new Date(), new Date(Date.now() + 10000));
    assert.equal((await store.trustedRoot(broken)).source, broken, "fixed file is read");
    await assert.rejects(
      store.trustedRoot(join(dir, "missing.json")),
      (e: unknown) => e instanceof ProvenanceError && e.code === "INPUT_NOT_FOUND",
    );
  });

  it("keeps at most `capacity` files, dropping the least recently used", async () => {
    const paths = [0, 1, 2].map((i) => {
      const path = join(dir, `root-${i}.json`);
      copyFileSync(PINNED_TRUSTED_ROOT_PATH, path);
      return path;
    });
    const store = new TrustStore({ capacity: 2 });
    const [a, b, c] = paths as [string, string, string];
    const first = await store.trustedRoot(a);
    const firstB = await store.trustedRoot(b);
    assert.equal(await store.trustedRoot(a), first, "a is kept and now the most recent");
    await store.trustedRoot(c); // b is the least recently used: dropped
    assert.equal(await store.trustedRoot(a), first);
    assert.notEqual(await store.trustedRoot(b), firstB, "b was dropped and is read again");
  });
});
