import type { SerializedBundle } from "@sigstore/bundle";
import { ProvenanceError, reasonOf } from "./errors.js";
import { IN_TOTO_PAYLOAD_TYPE, type InTotoStatement } from "./statement.js";

/** Sigstore public-good endpoints used for keyless signing. */
export const SIGSTORE_FULCIO_URL = "https://fulcio.sigstore.dev";
export const SIGSTORE_REKOR_URL = "https://rekor.sigstore.dev";

/** Where keyless signing gets its certificate and logs its entry, and the identity it proves. */
export interface KeylessOptions {
  fulcioUrl?: string;
  rekorUrl?: string;
  /**
   * An OIDC identity token (the CLI passes SIGSTORE_ID_TOKEN). Without it, @sigstore/sign's CI provider
   * requests one from the environment it runs in (GitHub Actions' token request variables).
   */
  identityToken?: string;
  timeoutMs?: number;
}

/**
 * Whether an environment (the CLI passes its process environment) offers an OIDC identity token for
 * keyless signing: SIGSTORE_ID_TOKEN, or GitHub Actions' token request variables.
 */
export function ciIdentityAvailable(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(
    env.SIGSTORE_ID_TOKEN || (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN),
  );
}

type SignModule = typeof import("@sigstore/sign");

async function builderParts(options: KeylessOptions): Promise<{
  sign: SignModule;
  signer: InstanceType<SignModule["FulcioSigner"]>;
  witness: InstanceType<SignModule["RekorWitness"]>;
}> {
  const sign = await import("@sigstore/sign");
  const token = options.identityToken;
  const identityProvider = token ? { getToken: async () => token } : new sign.CIContextProvider("sigstore");
  const timeout = options.timeoutMs ?? 30000;
  return {
    sign,
    signer: new sign.FulcioSigner({
      identityProvider,
      fulcioBaseURL: options.fulcioUrl ?? SIGSTORE_FULCIO_URL,
      timeout,
      retry: false,
    }),
    witness: new sign.RekorWitness({
      rekorBaseURL: options.rekorUrl ?? SIGSTORE_REKOR_URL,
      timeout,
      retry: false,
    }),
  };
}

async function keyless(
  create: () => Promise<Parameters<typeof import("@sigstore/bundle").bundleToJSON>[0]>,
): Promise<SerializedBundle> {
  const { bundleToJSON } = await import("@sigstore/bundle");
  try {
    return bundleToJSON(await create());
  } catch (error) {
    throw new ProvenanceError(`keyless signing failed: ${reasonOf(error)}`, {
      hint: "keyless signing needs a CI OIDC token and network access to Fulcio and Rekor; or sign with a key",
      cause: error,
    });
  }
}

/**
 * Signs an in-toto statement keylessly: an ephemeral key, a Fulcio certificate for the CI identity, and a
 * Rekor entry; returns the DSSE bundle (verifiable with `verify bundle --certificate-identity …`).
 */
export async function signStatementKeyless(
  statement: InTotoStatement,
  options: KeylessOptions = {},
): Promise<SerializedBundle> {
  const { sign, signer, witness } = await builderParts(options);
  const builder = new sign.DSSEBundleBuilder({ signer, witnesses: [witness] });
  return keyless(() =>
    builder.create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE }),
  );
}

/** Signs a file's bytes keylessly as a message-signature bundle (hashedrekord entry). */
export async function signArtifactKeyless(
  artifact: Buffer,
  options: KeylessOptions = {},
): Promise<SerializedBundle> {
  const { sign, signer, witness } = await builderParts(options);
  const builder = new sign.MessageSignatureBundleBuilder({ signer, witnesses: [witness] });
  return keyless(() => builder.create({ data: artifact }));
}
