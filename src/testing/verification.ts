import assert from "node:assert/strict";
import { VerificationFailure } from "../provenance/errors.js";

/** Runs `run`, asserts it is rejected with a VerificationFailure (not any other error), and returns it. */
export function expectRejection(run: () => unknown): VerificationFailure {
  try {
    run();
  } catch (error) {
    assert.ok(
      error instanceof VerificationFailure,
      `expected a VerificationFailure, got ${(error as Error).stack}`,
    );
    return error;
  }
  assert.fail("expected a rejection");
}
