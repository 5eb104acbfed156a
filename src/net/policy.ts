import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { BulwarkError } from "../model/errors.js";
import { addressSet, specialAddressKind } from "./addresses.js";
import { NetworkError, NetworkRefusedError } from "./errors.js";

/**
 * Where Bulwark may send requests. The default (`{}`) allows https to any public address. Every outbound
 * request — downloads, registry look-ups, the risk clone, webhooks — is checked against one of these.
 */
export interface OutboundPolicy {
  /** Also allow plain `http:` URLs (default: https only). */
  allowHttp?: boolean;
  /**
   * When given, only these hosts may be contacted: exact names (`osv-vulnerabilities.storage.googleapis.com`),
   * `*.example.org` for any subdomain of example.org, or IP addresses. Redirects are held to the same list.
   */
  allowedHosts?: readonly string[];
  /**
   * Allow destinations that are not public: loopback, private (RFC 1918), link-local (cloud metadata),
   * unique-local, carrier-grade NAT, multicast, unspecified and reserved addresses. Default false.
   */
  allowPrivate?: boolean;
  /** Addresses or CIDR ranges allowed although not public (`10.20.0.0/16`, `fd00:1::/64`), when
   * `allowPrivate` is off: an internal mirror without opening every private address. */
  allowedAddresses?: readonly string[];
}

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver by default; tests inject one). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (`getaddrinfo`, as every other program on the machine resolves names). */
export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A URL as it may be shown in messages and reports: credentials in it are masked. */
export function displayUrl(url: string | URL): string {
  if (typeof url === "string") {
    try {
      return displayUrl(new URL(url));
    } catch {
      // Not a URL: mask anything that looks like user:password@ before a host.
      return url.replace(/\/\/[^/@\s]*@/, "//***@");
    }
  }
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = "***";
  copy.password = "";
  return copy.href;
}

function refuse(url: string | URL, reason: string, details: Record<string, unknown> = {}): never {
  const shown = displayUrl(url);
  throw new NetworkRefusedError(`refused to contact ${shown}: ${reason}`, {
    details: { url: shown, reason, ...details },
    hint: "only destinations allowed by the outbound policy are contacted; change the URL or the policy if this one is trusted",
  });
}

/** A host name without IPv6 brackets or a trailing dot, lower-cased. */
function bareHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    const e = bareHost(entry.trim());
    if (e.startsWith("*.")) return host.endsWith(e.slice(1)) && host.length > e.length - 1;
    // IP entries are compared in URL-normalised form (`[::1]`, `0x7f.1` → 127.0.0.1).
    const normal = isIP(e) ? bareHost(new URL(`http://${isIP(e) === 6 ? `[${e}]` : e}/`).hostname) : e;
    return host === normal;
  });
}

const allowedSets = new WeakMap<readonly string[], (address: string) => boolean>();

/** The membership test of `allowedAddresses` (compiled once per list); malformed entries are USAGE errors. */
function allowedAddressTest(policy: OutboundPolicy): (address: string) => boolean {
  const ranges = policy.allowedAddresses;
  if (!ranges || ranges.length === 0) return () => false;
  let test = allowedSets.get(ranges);
  if (!test) {
    try {
      test = addressSet(ranges);
    } catch (error) {
      throw new BulwarkError("USAGE", `outbound policy: ${(error as Error).message}`, {
        details: { allowedAddresses: [...ranges] },
      });
    }
    allowedSets.set(ranges, test);
  }
  return test;
}

/**
 * Checks a destination address against the policy; throws NETWORK_REFUSED naming the URL, the address
 * and why (e.g. "resolves to 127.0.0.1, a loopback address") unless it is public or allowed.
 */
export function checkAddress(address: string, url: string | URL, policy: OutboundPolicy = {}): void {
  const kind = specialAddressKind(address);
  if (kind === undefined || policy.allowPrivate || allowedAddressTest(policy)(address)) return;
  if (kind === "not an IP address") refuse(url, `"${address}" is not an IP address`, { address });
  refuse(url, `${address} is a ${kind} address`, { address, addressKind: kind });
}

/**
 * Checks a URL before any request: a valid absolute URL, scheme https (http only with `allowHttp`), a host
 * on the allow-list when there is one, and — for an IP-address host — a public or allowed address. Host
 * names are judged again by the addresses they resolve to at connect time (`resolveChecked`,
 * `guardedLookup`). Returns the parsed URL; throws NETWORK_REFUSED with the reason.
 */
export function checkUrl(url: string | URL, policy: OutboundPolicy = {}): URL {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    refuse(url, "not a valid absolute URL");
  }
  const scheme = parsed.protocol.replace(/:$/, "");
  if (scheme !== "https" && !(scheme === "http" && policy.allowHttp)) {
    refuse(
      parsed,
      `the scheme "${scheme}" is not allowed (${policy.allowHttp ? "https and http" : "https"} only)`,
      {
        scheme,
      },
    );
  }
  const host = bareHost(parsed.hostname);
  if (host === "") refuse(parsed, "the URL names no host");
  if (policy.allowedHosts && !hostAllowed(host, policy.allowedHosts)) {
    refuse(parsed, `the host ${host} is not on the allowed-hosts list`, { host });
  }
  if (isIP(host)) checkAddress(host, parsed, policy);
  else if ((host === "localhost" || host.endsWith(".localhost")) && !policy.allowPrivate) {
    // RFC 6761: localhost names are loopback whatever a resolver says.
    refuse(parsed, `${host} is a loopback name`, { host, addressKind: "loopback" });
  }
  return parsed;
}

/**
 * Resolves the URL's host and checks every address it resolves to (one disallowed answer refuses the
 * whole name, so a DNS answer mixing public and private addresses cannot be used). IP-address hosts are
 * returned as they are, after the same check. Resolution failures are NETWORK_FAILED.
 */
export async function resolveChecked(
  url: URL,
  policy: OutboundPolicy = {},
  resolver: Resolver = systemResolver,
): Promise<ResolvedAddress[]> {
  const host = bareHost(url.hostname);
  const literal = isIP(host);
  if (literal !== 0) {
    checkAddress(host, url, policy);
    return [{ address: host, family: literal === 6 ? 6 : 4 }];
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolver(host);
  } catch (error) {
    throw new NetworkError(`cannot resolve ${host} (for ${displayUrl(url)}): ${(error as Error).message}`, {
      details: { url: displayUrl(url), host },
      cause: error,
    });
  }
  if (addresses.length === 0)
    throw new NetworkError(`${host} has no address (for ${displayUrl(url)})`, {
      details: { url: displayUrl(url), host },
    });
  for (const { address } of addresses) {
    try {
      checkAddress(address, url, policy);
    } catch (error) {
      if (!(error instanceof NetworkRefusedError)) throw error;
      refuse(
        url,
        `${host} resolves to ${address}, a ${String(error.details.addressKind ?? "disallowed")} address`,
        {
          host,
          address,
          addressKind: error.details.addressKind,
        },
      );
    }
  }
  return addresses;
}

/**
 * A `lookup` for `net`/`http`/`https` that resolves through `resolver` and checks every answer against the
 * policy at connect time, so the address a socket connects to is always one that was checked (a DNS
 * answer that changes between a check and the connection — DNS rebinding — cannot slip past).
 */
export function guardedLookup(url: URL, policy: OutboundPolicy, resolver: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const target = new URL(url.href);
    target.hostname = hostname;
    resolveChecked(target, policy, resolver).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const matching = wanted ? all.filter((a) => a.family === wanted) : all;
        if (matching.length === 0) {
          const error = new NetworkError(`${hostname} has no IPv${wanted} address`, {
            details: { url: displayUrl(url), host: hostname },
          });
          callback(error as NodeJS.ErrnoException, "", 0);
        } else if (options.all) callback(null, matching);
        else callback(null, matching[0].address, matching[0].family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };
}
