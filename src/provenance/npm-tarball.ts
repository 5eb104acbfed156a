import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { ProvenanceError } from "./errors.js";

const gunzipAsync = promisify(gunzip);

/** Largest unpacked tarball read when looking for package.json (npm's own limit on packages is far lower). */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

/** What `verify npm` needs to know about a tarball: its identity and its sha512. */
export interface NpmTarballIdentity {
  name: string;
  version: string;
  /** SHA-512 of the .tgz bytes, lowercase hex (what attestation subjects record). */
  sha512Hex: string;
}

/**
 * Reads name and version from the `package.json` at the top folder of an npm tarball (normally
 * `package/package.json`) and hashes the tarball. Decompresses off the event loop, at most
 * MAX_UNPACKED_BYTES. Errors name the tarball; they are ProvenanceErrors (the tarball is the caller's input,
 * not evidence), so a file that is not an npm tarball is not reported as a rejected package.
 */
export async function readNpmTarball(
  bytes: Buffer,
  source: string,
  maxUnpackedBytes = MAX_UNPACKED_BYTES,
): Promise<NpmTarballIdentity> {
  let tar: Buffer;
  try {
    tar = await gunzipAsync(bytes, { maxOutputLength: maxUnpackedBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new ProvenanceError(`${source} unpacks to more than ${maxUnpackedBytes} bytes`, {
        code: "INPUT_UNSAFE",
        details: { path: source },
      });
    }
    throw unusable(`${source} is not a gzip-compressed npm tarball: ${(error as Error).message}`);
  }
  const manifest = findPackageJson(tar, source);
  let parsed: { name?: unknown; version?: unknown };
  try {
    parsed = JSON.parse(manifest.toString("utf8"));
  } catch (error) {
    throw unusable(`${source}: package.json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed.name !== "string" || typeof parsed.version !== "string") {
    throw unusable(`${source}: package.json has no name or version`);
  }
  return {
    name: parsed.name,
    version: parsed.version,
    sha512Hex: createHash("sha512").update(bytes).digest("hex"),
  };
}

/** Walks ustar headers for `<top>/package.json` (the shallowest one), skipping pax and GNU long-name records. */
function findPackageJson(tar: Buffer, source: string): Buffer {
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(text(header, 124, 12).trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) throw unusable(`${source}: corrupt tar header at byte ${offset}`);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === "L") longName = body.toString("utf8").replace(/\0.*$/s, "");
    else if ((type === "0" || type === "\0") && /^[^/]+\/package\.json$/.test(name)) return body;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw unusable(`${source} contains no package.json at its top folder`);
}

/** The tarball is the artifact the caller supplies: when it cannot be read as one, nothing was examined. */
function unusable(message: string): ProvenanceError {
  return new ProvenanceError(message, { code: "PARSE_FAILED" });
}

function text(buffer: Buffer, start: number, length: number): string {
  const raw = buffer.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString("utf8");
}
