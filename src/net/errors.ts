import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** An outbound request failed: the network, the server's answer (HTTP error, timeout), or its size. */
export class NetworkError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("NETWORK_FAILED", message, options);
  }
}

/** An outbound request was refused by the outbound policy before anything was sent to that destination. */
export class NetworkRefusedError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("NETWORK_REFUSED", message, options);
  }
}
