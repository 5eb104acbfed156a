import { verify } from "node:crypto";
import { ProvenanceError, VerificationFailure } from "./errors.js";
import { at, stringAt } from "./json-path.js";
import { type RegistryKey, registryKeyValidAt } from "./npm-registry-keys.js";

/** One entry of a version's `dist.signatures`. */
export interface RegistrySignature {
  keyid: string;
  sig: string;
}

/** A published npm version as its registry metadata describes it. */
export interface RegistryVersion {
  name: string;
  version: string;
  /** `dist.integrity` (`sha512-…`). */
  integrity: string;
  signatures: RegistrySignature[];
  /** When the version was published (`time[version]` of the packument); checked against key expiry. */
  publishedAt?: Date;
}

/** Which key vouched for the version. */
export interface RegistrySignatureVerification {
  keyId: string;
  message: string;
}

/**
 * Checks a version's registry signatures: ECDSA P-256 / SHA-256 over `name@version:integrity` with the
 * registry key its keyid names. A key counts only if it was valid when the version was published (or now,
 * when the publish time is unknown). Every signature made with a known key must verify, and at least one
 * must be made with a known key.
 */
export function verifyRegistrySignatures(
  input: RegistryVersion,
  keys: RegistryKey[],
  source: string,
  now: Date = new Date(),
): RegistrySignatureVerification {
  const what = `${source}: ${input.name}@${input.version}`;
  if (input.signatures.length === 0)
    throw new VerificationFailure("registry-signature", `${what} has no registry signatures`);
  const message = `${input.name}@${input.version}:${input.integrity}`;
  const when = input.publishedAt ?? now;
  let verifiedBy: string | undefined;
  const unknown: string[] = [];
  for (const signature of input.signatures) {
    const key = keys.find((k) => k.keyId === signature.keyid && k.usage === "npm:signatures");
    if (!key) {
      unknown.push(signature.keyid);
      continue;
    }
    if (!registryKeyValidAt(key, when)) {
      throw new VerificationFailure(
        "registry-signature",
        `${what} is signed with key ${key.keyId}, which was not valid at ${when.toISOString()} (valid ${key.validFrom.toISOString()} to ${key.validUntil?.toISOString() ?? "now"})`,
        {
          hint: input.publishedAt
            ? undefined
            : "give the packument (with its time field) so the publish time is known",
        },
      );
    }
    if (!verify("sha256", Buffer.from(message), key.publicKey, Buffer.from(signature.sig, "base64"))) {
      throw new VerificationFailure(
        "registry-signature",
        `${what}: the signature by key ${key.keyId} does not match ${message}`,
      );
    }
    verifiedBy ??= key.keyId;
  }
  if (!verifiedBy) {
    throw new VerificationFailure(
      "registry-signature",
      `${what} is signed only with unknown keys: ${unknown.join(", ")}`,
      {
        hint: "npm may have rotated its keys: refresh the trust material",
      },
    );
  }
  return { keyId: verifiedBy, message };
}

/**
 * Reads a version from registry metadata: a version document (`{name, version, dist}`) or a packument
 * (`{name, versions, time}`) with the version to pick.
 */
export function registryVersionFrom(json: unknown, source: string, version?: string): RegistryVersion {
  const versions = at(json, "versions");
  const isPackument = typeof versions === "object" && versions !== null;
  const chosen = isPackument ? version : (version ?? stringAt(json, "version"));
  if (isPackument && !chosen) {
    throw new ProvenanceError(`${source} is a packument: say which version to check`, {
      details: { need: "package-version" },
    });
  }
  const doc = isPackument ? at(versions, chosen as string) : json;
  if (doc === undefined) throw new VerificationFailure("input", `${source} has no version ${chosen}`);
  const name = stringAt(doc, "name") ?? stringAt(json, "name");
  const integrity = stringAt(doc, "dist", "integrity");
  const signatures = at(doc, "dist", "signatures");
  if (!name || !chosen || !integrity) {
    throw new VerificationFailure(
      "input",
      `${source} has no name, version or dist.integrity for ${chosen ?? "the version"}`,
    );
  }
  if (signatures !== undefined && !Array.isArray(signatures))
    throw new VerificationFailure("input", `${source}: dist.signatures is not a list`);
  const published = isPackument ? stringAt(json, "time", chosen) : undefined;
  return {
    name,
    version: chosen,
    integrity,
    signatures: (signatures ?? []).map((s, i) => {
      const keyid = stringAt(s, "keyid");
      const sig = stringAt(s, "sig");
      if (!keyid || !sig)
        throw new VerificationFailure("input", `${source}: dist.signatures[${i}] needs keyid and sig`);
      return { keyid, sig };
    }),
    publishedAt: published ? new Date(published) : undefined,
  };
}
