import type { Problem } from "../problem.js";

/**
 * The error body api.osv.dev answers with: a google.rpc.Status in JSON, `{"code": 3, "message": "..."}`,
 * beside the HTTP status. Bulwark's stable error code travels in a google.rpc.ErrorInfo detail (`reason`),
 * the standard place for a machine-readable cause, so OSV clients see the shape they know and Bulwark's
 * own tools still get the code.
 */
export interface GrpcStatus {
  code: number;
  message: string;
  details: {
    "@type": "type.googleapis.com/google.rpc.ErrorInfo";
    reason: string;
    domain: "bulwark";
    metadata?: Record<string, string>;
  }[];
}

// google.rpc.Code for each HTTP status, as Google's HTTP mapping pairs them
const CODE_OF_STATUS: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  409: 10, // ABORTED
  429: 8, // RESOURCE_EXHAUSTED
  499: 1, // CANCELLED
  501: 12, // UNIMPLEMENTED
  503: 14, // UNAVAILABLE
  504: 4, // DEADLINE_EXCEEDED
};

/** The google.rpc.Status body of a problem (another 4xx is INVALID_ARGUMENT, another 5xx INTERNAL). */
export function grpcStatusOf(problem: Problem): GrpcStatus {
  const code = CODE_OF_STATUS[problem.status] ?? (problem.status < 500 ? 3 : 13);
  const metadata = problem.details
    ? Object.fromEntries(
        Object.entries(problem.details).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
      )
    : undefined;
  return {
    code,
    message: problem.detail,
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: problem.code,
        domain: "bulwark",
        ...(metadata ? { metadata } : {}),
      },
    ],
  };
}
