import type { X509Certificate } from "@sigstore/core";
import type { TrustMaterial } from "@sigstore/verify";

/**
 * Makes the trusted root's CA and TSA certificates cheap to reuse: the verifier rebuilds the certificate
 * path for every bundle, re-encoding each trusted certificate and re-checking the same intermediate->root
 * signatures each time. These certificates never change once the root is loaded, so their public key DER
 * (and whole DER, for the equality checks of path building) and signature checks against a given issuer
 * object are computed once per process.
 */
export function memoizeTrustedCertificates(material: TrustMaterial): void {
  for (const authority of [...material.certificateAuthorities, ...material.timestampAuthorities]) {
    for (const cert of authority.certChain) memoize(cert);
  }
}

const SELF = {};
const derOf = new WeakMap<X509Certificate, Buffer>();

function der(cert: X509Certificate): Buffer {
  return derOf.get(cert) ?? cert.root.toDER();
}

function memoize(cert: X509Certificate): void {
  if (derOf.has(cert)) return;
  derOf.set(cert, cert.root.toDER());
  const publicKey = cert.publicKey;
  Object.defineProperty(cert, "publicKey", { value: publicKey });
  cert.equals = (other: X509Certificate): boolean => der(cert).equals(der(other));
  const verify = cert.verify.bind(cert);
  const results = new WeakMap<object, boolean>();
  cert.verify = (issuer?: X509Certificate): boolean => {
    const key = issuer ?? SELF;
    let result = results.get(key);
    if (result === undefined) {
      result = verify(issuer);
      results.set(key, result);
    }
    return result;
  };
}
