import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbortedError } from "../model/errors.js";
import { NetworkRefusedError } from "../net/errors.js";
import {
  checkUrl,
  displayUrl,
  type OutboundPolicy,
  type ResolvedAddress,
  type Resolver,
  resolveChecked,
  systemResolver,
} from "../net/policy.js";
import { RiskError } from "./errors.js";
import { type BaseEnvironment, gitRunner } from "./git.js";

/**
 * Whether an argument names a remote repository rather than a local path: a URL with a scheme, git's
 * `transport::address` form, or the scp-like `user@host:path`. Only https URLs are then cloned; the others
 * are recognised so that they are refused with a reason instead of being looked for as folders.
 */
export function isGitUrl(target: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ||
    /^[a-z][a-z0-9+.-]*::/i.test(target) ||
    /^[\w.-]+@[\w.-]+:/.test(target)
  );
}

/** How to clone. */
export interface CloneOptions {
  /** The environment git starts from (the CLI passes process.env); see `gitEnvironment`. */
  env: BaseEnvironment;
  /** Where the host may be (default: https to public addresses); see docs/network.md. */
  policy?: OutboundPolicy;
  /** Name resolution for the host check (default: the system resolver). */
  resolver?: Resolver;
  /** Folder that receives the per-run checkout folder (default: the system temporary folder). */
  tempRoot?: string;
  /** Stops the clone; the checkout is removed and the error is ABORTED. */
  signal?: AbortSignal;
}

/** A checkout made for one run: its path, the URL it came from (credentials masked), and its removal. */
export interface Checkout {
  path: string;
  url: string;
  /** Deletes the checkout; safe to call more than once. */
  remove(): Promise<void>;
}

/** Seconds a clone may stay under 1 KiB/s before git gives up (a stalled server must not hang a run). */
const LOW_SPEED_SECONDS = 60;

/**
 * The `-c` settings of a clone: only https (and http when the policy allows it) as transports, also for
 * anything git might reach besides the URL itself (submodules, alternates); no redirects, since git would
 * follow them to hosts nobody checked; the connection pinned to the addresses that were checked; objects
 * verified as they arrive.
 */
function cloneConfig(url: URL, addresses: ResolvedAddress[], policy: OutboundPolicy): string[] {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const pinned = addresses.map((a) => (a.family === 6 ? `[${a.address}]` : a.address)).join(",");
  const settings = [
    "protocol.allow=never",
    "protocol.https.allow=always",
    ...(policy.allowHttp ? ["protocol.http.allow=always"] : []),
    "http.followRedirects=false",
    `http.curloptResolve=${url.hostname.replace(/^\[|\]$/g, "")}:${port}:${pinned}`,
    "http.lowSpeedLimit=1024",
    `http.lowSpeedTime=${LOW_SPEED_SECONDS}`,
    "transfer.fsckObjects=true",
    "submodule.recurse=false",
  ];
  return settings.flatMap((s) => ["-c", s]);
}

const CLONE_IT_YOURSELF =
  "only https URLs of hosts on public addresses are cloned; clone the repository yourself and pass the local path";

/** The reason a target is refused before any network use, for forms that are not https URLs. */
function refuseNonHttps(target: string): void {
  if (/^[\w.-]+@[\w.-]+:/.test(target) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new NetworkRefusedError(
      `refused to clone ${displayUrl(target)}: an SSH address; only https URLs are cloned`,
      {
        details: { url: displayUrl(target), reason: "ssh transport" },
        hint: "give the repository's https:// URL, or clone it yourself and pass the local path",
      },
    );
  }
  if (/^[a-z][a-z0-9+.-]*::/i.test(target)) {
    throw new NetworkRefusedError(
      `refused to clone ${displayUrl(target)}: git's "transport::address" form runs other programs; only https URLs are cloned`,
      {
        details: { url: displayUrl(target), reason: "remote helper" },
        hint: "give the repository's https:// URL, or clone it yourself and pass the local path",
      },
    );
  }
}

/**
 * Clones a repository shallowly (depth 1) into a new temporary folder of its own and returns it; the
 * caller removes it with `remove()` when the run ends (two runs on the same URL never share a folder).
 * The URL must be https (http only when the policy allows it); its host must resolve to addresses the
 * policy allows, and git connects to exactly those. The URL follows `--`, so it can never be read as an
 * option. Refusals are NETWORK_REFUSED, clone failures RISK_INPUT naming the URL.
 */
export async function cloneRepository(target: string, options: CloneOptions): Promise<Checkout> {
  refuseNonHttps(target);
  const policy = options.policy ?? {};
  let url: URL;
  let addresses: ResolvedAddress[];
  try {
    url = checkUrl(target, policy);
    addresses = await resolveChecked(url, policy, options.resolver ?? systemResolver);
  } catch (error) {
    if (!(error instanceof NetworkRefusedError)) throw error;
    throw new NetworkRefusedError(error.message, {
      details: { ...error.details },
      hint: CLONE_IT_YOURSELF,
      cause: error,
    });
  }
  const shown = displayUrl(url);
  const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), "bulwark-risk-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, "repo");
  const env = {
    ...options.env,
    // Overrides any protocol allow-list in the caller's environment (it would win over `-c protocol.*`).
    GIT_ALLOW_PROTOCOL: policy.allowHttp ? "https:http" : "https",
    GIT_PROTOCOL_FROM_USER: "0",
  };
  const git = gitRunner(env, options.signal);
  const result = await git(dir, [
    ...cloneConfig(url, addresses, policy),
    "clone",
    "--depth",
    "1",
    "--quiet",
    "--no-recurse-submodules",
    "--",
    url.href,
    path,
  ]);
  if (options.signal?.aborted) {
    await remove();
    throw new AbortedError(`cloning ${shown} was cancelled`, { cause: options.signal.reason });
  }
  if (result.code !== 0) {
    await remove();
    const reason = result.stderr.trim().split("\n").pop() ?? "git clone failed";
    throw new RiskError(`cannot clone ${shown}: ${reason.replaceAll(url.href, shown)}`, {
      details: { url: shown },
      hint: "check the URL and the network (redirects are not followed: give the repository's final URL), or clone it yourself and pass the local path",
    });
  }
  return { path, url: shown, remove };
}
