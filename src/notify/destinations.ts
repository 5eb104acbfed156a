import { hasCode, reasonOf } from "../model/errors.js";
import {
  checkUrl,
  type OutboundPolicy,
  type Resolver,
  resolveChecked,
  systemResolver,
} from "../net/index.js";
import { NotifyError } from "./errors.js";
import type { Destination } from "./rules.js";

/**
 * The destination check of rule creation: a webhook, Slack or Teams URL must pass the outbound policy by
 * its scheme and host and by every address its name resolves to now (so a name pointing at a private or
 * loopback address is refused at once, not at the first delivery); e-mail needs a configured SMTP relay.
 * Refusals are NETWORK_REFUSED; a host that does not resolve is USAGE. Delivery checks again, at connect
 * time, so a DNS answer that changes later is caught too.
 */
export function destinationChecker(options: {
  policy: OutboundPolicy;
  resolver?: Resolver;
  /** Whether an SMTP relay is configured. */
  mail: boolean;
}): (destination: Destination) => Promise<void> {
  return async (destination) => {
    if (destination.type === "email") {
      if (!options.mail)
        throw new NotifyError(
          "notification rule: e-mail destinations need an SMTP relay, and none is configured",
          {
            details: { field: "destination.type" },
            hint: "configure the server's SMTP relay, or choose a webhook, Slack or Teams destination",
          },
        );
      return;
    }
    const url = checkUrl(destination.url, options.policy);
    try {
      await resolveChecked(url, options.policy, options.resolver ?? systemResolver);
    } catch (error) {
      if (hasCode(error, "NETWORK_REFUSED")) throw error;
      throw new NotifyError(`notification rule: destination.url cannot be used: ${reasonOf(error)}`, {
        details: { field: "destination.url" },
        cause: error,
      });
    }
  };
}
