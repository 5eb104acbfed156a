import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, generateKeyPairSync, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { dsse } from "@sigstore/core";
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from "@sigstore/mock";
import { CLI_BIN } from "../testing/corpus.js";
import { verifyBundle } from "./bundle-verify.js";
import { ProvenanceError, VerificationFailure } from "./errors.js";
import { ciIdentityAvailable, signArtifactKeyless, signStatementKeyless } from "./keyless.js";
import { buildProvenanceStatement } from "./slsa-provenance.js";
import { parseTrustedRoot } from "./trusted-root.js";

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Keyless signing against @sigstore/mock's Fulcio and Rekor, served by a local HTTP server: the bundle is
 * then verified offline against a trusted root made from the mock's CA, CT log and transparency log keys.
 */
describe("keyless signing (offline, @sigstore/mock)", () => {
  let server: Server;
  let baseUrl: string;
  let trustedRootJson: unknown;
  const subject = "builder@example.com";
  const token = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: "https://issuer.example", sub: subject, email: subject, email_verified: true })).toString("base64url")}.sig`;

  before(async () => {
    const keyPair = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ctLog = await initializeCTLog(keyPair());
    const ca = await initializeCA(keyPair(), ctLog);
    const tlogKeys = keyPair();
    const tlog = await initializeTLog("https://rekor.local", tlogKeys);
    const handlers = [fulcioHandler(ca), rekorHandler(tlog)];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const handler = handlers.find((h) => h.path === req.url);
        if (!handler) return res.writeHead(404).end();
        const result = await handler.fn(Buffer.concat(chunks).toString("utf8"));
        res
          .writeHead(result.statusCode, { "content-type": result.contentType ?? "application/json" })
          .end(result.response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const der = (key: Buffer) => key.toString("base64");
    const start = { start: "2000-01-01T00:00:00Z" };
    trustedRootJson = {
      mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
      tlogs: [
        {
          baseUrl: "https://rekor.local",
          hashAlgorithm: "SHA2_256",
          publicKey: {
            rawBytes: der(tlog.publicKey),
            keyDetails: "PKIX_ECDSA_P256_SHA_256",
            validFor: start,
          },
          logId: { keyId: createHash("sha256").update(tlog.publicKey).digest("base64") },
        },
      ],
      certificateAuthorities: [
        {
          subject: {},
          uri: baseUrl,
          certChain: {
            certificates: [
              {
                rawBytes: Buffer.from(
                  ca.rootCertificate.buffer,
                  ca.rootCertificate.byteOffset,
                  ca.rootCertificate.byteLength,
                ).toString("base64"),
              },
            ],
          },
          validFor: start,
        },
      ],
      ctlogs: [
        {
          baseUrl: "https://ct.local",
          hashAlgorithm: "SHA2_256",
          publicKey: {
            rawBytes: der(ctLog.publicKey),
            keyDetails: "PKIX_ECDSA_P256_SHA_256",
            validFor: start,
          },
          logId: {
            keyId: Buffer.from(ctLog.logID.buffer, ctLog.logID.byteOffset, ctLog.logID.byteLength).toString(
              "base64",
            ),
          },
        },
      ],
      timestampAuthorities: [],
    };
  });
  after(() => server.close());

  it("signs a file keylessly (Fulcio certificate + Rekor entry); it verifies offline with identity and artifact", async () => {
    const artifact = Buffer.from("build output");
    const bundle = await signArtifactKeyless(artifact, {
      fulcioUrl: baseUrl,
      rekorUrl: baseUrl,
      identityToken: token,
      timeoutMs: 5000,
    });
    const trustedRoot = parseTrustedRoot(trustedRootJson, "mock trusted root");
    const result = verifyBundle(bundle, "keyless", {
      trustedRoot,
      artifact,
      identity: { subject, issuer: "https://issuer.example" },
    });
    assert.equal(result.signer.kind, "certificate");
    assert.equal(result.transparencyLogEntries, 1);
    assert.throws(
      () =>
        verifyBundle(bundle, "keyless", {
          trustedRoot,
          artifact,
          identity: { subject: "someone@else", issuer: "https://issuer.example" },
        }),
      (e: unknown) => e instanceof VerificationFailure && /certificate identity/.test(e.message),
    );
    assert.throws(
      () => verifyBundle(bundle, "keyless", { trustedRoot, artifact: Buffer.from("other") }),
      VerificationFailure,
    );
  });

  it("signs SLSA provenance keylessly: certificate, SCT and log inclusion verify; the envelope signature matches the certificate", async () => {
    const artifact = Buffer.from("build output");
    const statement = buildProvenanceStatement([{ name: "out.bin", bytes: artifact }], {
      builderId: "https://ci.example/b",
      sourceUri: "https://github.com/o/r",
    });
    const bundle = await signStatementKeyless(statement, {
      fulcioUrl: baseUrl,
      rekorUrl: baseUrl,
      identityToken: token,
      timeoutMs: 5000,
    });
    assert.equal(bundle.dsseEnvelope?.payloadType, "application/vnd.in-toto+json");
    const trustedRoot = parseTrustedRoot(trustedRootJson, "mock trusted root");
    // The mock Rekor logs the *proposed* dsse entry verbatim instead of Rekor's canonical form
    // ({payloadHash, signatures}), so only the log-body comparison cannot pass against the mock; every
    // earlier check (certificate chain, SCT, SET, inclusion) has passed when this is the failure.
    assert.throws(
      () =>
        verifyBundle(bundle, "keyless", {
          trustedRoot,
          artifact,
          identity: { subject, issuer: "https://issuer.example" },
        }),
      (e: unknown) => e instanceof VerificationFailure && e.check === "tlog_body_error",
    );
    const envelope = bundle.dsseEnvelope;
    const leaf =
      bundle.verificationMaterial.x509CertificateChain?.certificates[0]?.rawBytes ??
      bundle.verificationMaterial.certificate?.rawBytes ??
      "";
    const certificate = new X509Certificate(Buffer.from(leaf, "base64"));
    assert.match(certificate.subjectAltName ?? "", /builder@example.com/);
    const payload = Buffer.from(envelope?.payload ?? "", "base64");
    const pae = dsse.preAuthEncoding(envelope?.payloadType ?? "", payload);
    assert.ok(
      verify("sha256", pae, certificate.publicKey, Buffer.from(envelope?.signatures[0]?.sig ?? "", "base64")),
    );
    assert.equal(JSON.parse(payload.toString()).subject[0].name, "out.bin");
  });

  it("bulwark sign without --key signs keylessly with the CI token; bulwark verify bundle accepts it (CLI)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bulwark-keyless-cli-"));
    try {
      writeFileSync(join(dir, "artifact.txt"), "release\n");
      writeFileSync(join(dir, "trusted_root.json"), JSON.stringify(trustedRootJson));
      const env = { ...process.env, SIGSTORE_ID_TOKEN: token };
      // Asynchronous: the mock servers answer from this process while the CLI runs.
      const signed = await run(
        [
          CLI_BIN,
          "sign",
          join(dir, "artifact.txt"),
          "--fulcio-url",
          baseUrl,
          "--rekor-url",
          baseUrl,
          "-o",
          join(dir, "b.json"),
        ],
        env,
      );
      assert.equal(signed.code, 0, signed.stderr);
      const verified = await run(
        [
          CLI_BIN,
          "verify",
          "bundle",
          join(dir, "b.json"),
          join(dir, "artifact.txt"),
          "--trusted-root",
          join(dir, "trusted_root.json"),
          "--certificate-identity",
          subject,
          "--certificate-oidc-issuer",
          "https://issuer.example",
        ],
        env,
      );
      assert.equal(verified.code, 0, verified.stderr);
      assert.match(verified.stdout, /signer: {3}builder@example.com/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("without Fulcio reachable: a clear error with a hint, not a crash", async () => {
    const statement = buildProvenanceStatement([{ name: "a", bytes: Buffer.from("a") }], {
      builderId: "b",
      sourceUri: "u",
    });
    await assert.rejects(
      signStatementKeyless(statement, {
        fulcioUrl: "http://127.0.0.1:9",
        rekorUrl: "http://127.0.0.1:9",
        identityToken: token,
        timeoutMs: 2000,
      }),
      ProvenanceError,
    );
  });

  it("detects a CI identity token", () => {
    assert.equal(ciIdentityAvailable({}), false);
    assert.equal(ciIdentityAvailable({ SIGSTORE_ID_TOKEN: "t" }), true);
    assert.equal(
      ciIdentityAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: "u", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" }),
      true,
    );
  });
});
