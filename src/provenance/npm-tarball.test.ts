import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { corpusPath } from "../testing/corpus.js";
import { ProvenanceError } from "./errors.js";
import { readNpmTarball } from "./npm-tarball.js";

/** A minimal ustar archive of the given files. */
function tar(files: [string, string | Buffer][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of files) {
    const body = Buffer.from(content);
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, "utf8");
    header.write("0000644\0", 100);
    header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write("0", 156);
    header.write("ustar\0", 257);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

async function rejects(run: () => Promise<unknown>, reason: RegExp): Promise<void> {
  await assert.rejects(run, (e: unknown) => e instanceof ProvenanceError && reason.test(e.message));
}

describe("npm tarball reader", () => {
  it("reads name, version and sha512 of a real package", async () => {
    const bytes = readFileSync(
      join(corpusPath("signing", "slsa-verifier-npm", "gha"), "supreme-googles-cli-v02-tag.tgz"),
    );
    const read = await readNpmTarball(bytes, "t.tgz");
    assert.deepEqual([read.name, read.version], ["@trishankatdatadog/supreme-goggles", "1.0.5"]);
    assert.equal(read.sha512Hex, createHash("sha512").update(bytes).digest("hex"));
  });
  it("takes the top folder's package.json, not a nested one", async () => {
    const archive = tar([
      ["package/node_modules/dep/package.json", '{"name":"dep","version":"9.9.9"}'],
      ["package/package.json", '{"name":"top","version":"1.0.0"}'],
    ]);
    assert.equal((await readNpmTarball(gzipSync(archive), "t.tgz")).name, "top");
  });
  it("rejects non-gzip input, a tar without package.json, bad package.json and corrupt headers", async () => {
    await rejects(
      () => readNpmTarball(Buffer.from("plain text"), "a.tgz"),
      /a.tgz is not a gzip-compressed npm tarball/,
    );
    await rejects(
      () => readNpmTarball(gzipSync(tar([["package/index.js", "x"]])), "b.tgz"),
      /contains no package.json/,
    );
    await rejects(
      () => readNpmTarball(gzipSync(tar([["package/package.json", "{nope"]])), "c.tgz"),
      /package.json is not valid JSON/,
    );
    await rejects(
      () => readNpmTarball(gzipSync(tar([["package/package.json", '{"name":"x"}']])), "d.tgz"),
      /no name or version/,
    );
    const corrupt = tar([["package/package.json", "{}"]]);
    corrupt.write("zzzzzzzzzzz\0", 124);
    await rejects(() => readNpmTarball(gzipSync(corrupt), "e.tgz"), /corrupt tar header|no package.json/);
    await rejects(() => readNpmTarball(gzipSync(Buffer.alloc(0)), "f.tgz"), /contains no package.json/);
    const truncated = gzipSync(tar([["package/package.json", '{"name":"x","version":"1"}']])).subarray(0, 20);
    await rejects(() => readNpmTarball(truncated, "g.tgz"), /not a gzip-compressed npm tarball/);
  });
  it("stops unpacking at the size limit (a decompression bomb is rejected, not buffered)", async () => {
    const archive = tar([
      ["package/package.json", '{"name":"x","version":"1.0.0"}'],
      ["package/zeros.bin", Buffer.alloc(1024 * 1024)],
    ]);
    await rejects(
      () => readNpmTarball(gzipSync(archive), "bomb.tgz", 64 * 1024),
      /unpacks to more than 65536 bytes/,
    );
    assert.equal((await readNpmTarball(gzipSync(archive), "ok.tgz", 2 * 1024 * 1024)).name, "x");
  });
});
