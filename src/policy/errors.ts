import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** A policy file that cannot be used: code POLICY_INVALID, naming the file, the rule and the key. */
export class PolicyError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("POLICY_INVALID", message, options);
  }
}
