import { constants, type KeyObject, publicDecrypt } from "node:crypto";

/**
 * Verifies a signature over a message known only by its SHA-256 digest (`verify bundle --digest`). Node's
 * crypto always hashes the message itself, so ECDSA is checked here from the curve equations and RSA
 * PKCS#1 v1.5 by comparing the decrypted DigestInfo. Ed25519 signs whole messages and cannot be checked
 * from a digest.
 */
export function verifyPrehashed(key: KeyObject, digest: Buffer, signature: Buffer): boolean {
  if (key.asymmetricKeyType === "ec") return verifyEcdsaPrehashed(key, digest, signature);
  if (key.asymmetricKeyType === "rsa") return verifyRsaPrehashed(key, digest, signature);
  return false;
}

interface Curve {
  p: bigint;
  n: bigint;
  b: bigint;
  gx: bigint;
  gy: bigint;
  bits: number;
}

const CURVES: Record<string, Curve> = {
  "P-256": {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    bits: 256,
  },
  "P-384": {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    bits: 384,
  },
};

function verifyEcdsaPrehashed(key: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const jwk = key.export({ format: "jwk" });
  const curve = jwk.crv ? CURVES[jwk.crv] : undefined;
  if (!curve || !jwk.x || !jwk.y) return false;
  const rs = decodeDerSignature(signature);
  if (!rs) return false;
  const [r, s] = rs;
  const { n, p } = curve;
  if (r <= 0n || r >= n || s <= 0n || s >= n) return false;
  const q: Affine = [toBigInt(Buffer.from(jwk.x, "base64url")), toBigInt(Buffer.from(jwk.y, "base64url"))];
  if (!onCurve(q, curve)) return false;
  let e = toBigInt(digest);
  const excess = digest.length * 8 - curve.bits;
  if (excess > 0) e >>= BigInt(excess);
  const w = modInverse(s, n);
  const u1 = (e * w) % n;
  const u2 = (r * w) % n;
  const sum = add(multiply([curve.gx, curve.gy, 1n], u1, p), multiply([q[0], q[1], 1n], u2, p), p);
  const affine = toAffine(sum, p);
  return affine !== undefined && affine[0] % n === r;
}

type Affine = [bigint, bigint];
/** Jacobian coordinates (X, Y, Z) for a = -3 curves; Z = 0 is the point at infinity. */
type Jacobian = [bigint, bigint, bigint];

const mod = (a: bigint, m: bigint): bigint => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

function onCurve([x, y]: Affine, { p, b }: Curve): boolean {
  return mod(y * y - (x * x * x - 3n * x + b), p) === 0n;
}

function double([x, y, z]: Jacobian, p: bigint): Jacobian {
  if (z === 0n || y === 0n) return [0n, 1n, 0n];
  const yy = mod(y * y, p);
  const s = mod(4n * x * yy, p);
  const zz = mod(z * z, p);
  const m = mod(3n * (x - zz) * (x + zz), p);
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, p);
  const z3 = mod(2n * y * z, p);
  return [x3, y3, z3];
}

function add(a: Jacobian, b: Jacobian, p: bigint): Jacobian {
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const z1z1 = mod(a[2] * a[2], p);
  const z2z2 = mod(b[2] * b[2], p);
  const u1 = mod(a[0] * z2z2, p);
  const u2 = mod(b[0] * z1z1, p);
  const s1 = mod(a[1] * b[2] * z2z2, p);
  const s2 = mod(b[1] * a[2] * z1z1, p);
  if (u1 === u2) return s1 === s2 ? double(a, p) : [0n, 1n, 0n];
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = mod(h * h, p);
  const hhh = mod(h * hh, p);
  const v = mod(u1 * hh, p);
  const x3 = mod(r * r - hhh - 2n * v, p);
  const y3 = mod(r * (v - x3) - s1 * hhh, p);
  const z3 = mod(a[2] * b[2] * h, p);
  return [x3, y3, z3];
}

function multiply(point: Jacobian, scalar: bigint, p: bigint): Jacobian {
  let result: Jacobian = [0n, 1n, 0n];
  for (let i = BigInt(scalar.toString(2).length - 1); i >= 0n; i--) {
    result = double(result, p);
    if ((scalar >> i) & 1n) result = add(result, point, p);
  }
  return result;
}

function toAffine([x, y, z]: Jacobian, p: bigint): Affine | undefined {
  if (z === 0n) return undefined;
  const zInv = modInverse(z, p);
  const zInv2 = mod(zInv * zInv, p);
  return [mod(x * zInv2, p), mod(y * zInv2 * zInv, p)];
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

/** Reads the two INTEGERs of a DER `ECDSA-Sig-Value`; undefined when the encoding is not exactly that. */
function decodeDerSignature(der: Buffer): [bigint, bigint] | undefined {
  let offset = 0;
  const readLength = (): number | undefined => {
    const first = der[offset++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    const count = first & 0x7f;
    if (count === 0 || count > 2) return undefined;
    let length = 0;
    for (let i = 0; i < count; i++) {
      const byte = der[offset++];
      if (byte === undefined) return undefined;
      length = length * 256 + byte;
    }
    return length;
  };
  if (der[offset++] !== 0x30) return undefined;
  const seqLength = readLength();
  if (seqLength === undefined || offset + seqLength !== der.length) return undefined;
  const ints: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    if (der[offset++] !== 0x02) return undefined;
    const length = readLength();
    if (length === undefined || length === 0 || offset + length > der.length) return undefined;
    ints.push(toBigInt(der.subarray(offset, offset + length)));
    offset += length;
  }
  if (offset !== der.length) return undefined;
  return [ints[0] as bigint, ints[1] as bigint];
}

/** DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256. */
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

function verifyRsaPrehashed(key: KeyObject, digest: Buffer, signature: Buffer): boolean {
  try {
    const decrypted = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
    return decrypted.equals(Buffer.concat([SHA256_DIGEST_INFO, digest]));
  } catch {
    return false;
  }
}
