import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { StoreError } from "./errors.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * A snapshot's content as stored: gzip-compressed JSON (an inventory of 1,750 packages shrinks ~10x).
 * Compress before opening the transaction that stores it; compression runs on libuv's thread pool.
 */
export async function encodeSnapshotContent(value: unknown): Promise<Uint8Array> {
  return new Uint8Array(await gzipAsync(Buffer.from(JSON.stringify(value), "utf8")));
}

/** The JSON value of stored snapshot content. */
export async function decodeSnapshotContent(content: Uint8Array): Promise<unknown> {
  try {
    return JSON.parse((await gunzipAsync(content)).toString("utf8"));
  } catch (error) {
    throw new StoreError("a stored snapshot cannot be decoded: it is damaged", { cause: error });
  }
}
