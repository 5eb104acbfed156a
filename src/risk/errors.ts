import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** A risk assessment could not start: the path does not exist, a clone failed, a signals file is bad. */
export class RiskError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("RISK_INPUT", message, options);
  }
}
