/**
 * Outbound requests: one policy (allowed schemes, hosts and addresses) that every fetch goes through, and
 * the HTTP client built on it. See docs/network.md.
 */
export { addressSet, specialAddressKind } from "./addresses.js";
export { NetworkError, NetworkRefusedError } from "./errors.js";
export {
  createHttpClient,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
} from "./http-client.js";
export {
  checkAddress,
  checkUrl,
  displayUrl,
  guardedLookup,
  type OutboundPolicy,
  type ResolvedAddress,
  type Resolver,
  resolveChecked,
  systemResolver,
} from "./policy.js";
