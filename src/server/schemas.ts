import { type TSchema, Type } from "typebox";

// The API's shapes, once: routes name them in their schemas, and /api/openapi.json is generated from them.

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: "Problem", description: "RFC 9457 problem document with Bulwark's stable error code" },
);

/** A page of a cursor-paginated list. */
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** `?limit=&cursor=` of every list. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 2000 })),
};

export const ProjectNameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });

/** An ISO 8601 instant, as every route writes and reads them. */
export const Instant = Type.String({ format: "date-time" });

export const OpenCountsSchema = Type.Object({
  critical: Type.Integer(),
  high: Type.Integer(),
  medium: Type.Integer(),
  low: Type.Integer(),
  unknown: Type.Integer(),
  total: Type.Integer(),
  kev: Type.Integer(),
});

export const ProjectSchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
  lastUploadAt: Type.Optional(Instant),
  open: OpenCountsSchema,
  riskScore: Type.Number(),
});

export const SnapshotSchema = Type.Object({
  id: Type.Integer(),
  version: Type.String(),
  createdAt: Instant,
  format: Type.String(),
  componentCount: Type.Integer(),
  contentBytes: Type.Integer(),
  digest: Type.Optional(Type.String()),
  uploadedBy: Type.Optional(Type.String()),
  current: Type.Boolean(),
});

const Location = Type.Object({ path: Type.String(), line: Type.Optional(Type.Integer()) });

export const ComponentSchema = Type.Object({
  purl: Type.String(),
  ecosystem: Type.String(),
  name: Type.String(),
  version: Type.String(),
  projectVersion: Type.String(),
  direct: Type.Optional(Type.Boolean()),
  scope: Type.String(),
  licenses: Type.Array(Type.String()),
  locations: Type.Array(Location),
  paths: Type.Array(Type.Array(Type.String())),
});

export const PortfolioComponentSchema = Type.Intersect([
  ComponentSchema,
  Type.Object({ project: Type.String() }),
]);

const Analysis = Type.Object({
  state: Type.String(),
  justification: Type.Optional(Type.String()),
  responses: Type.Array(Type.String()),
  detail: Type.Optional(Type.String()),
  by: Type.String(),
  at: Instant,
});

/** A finding with its clock: what the scan says about it, and when it was published, detected, fixed. */
export const FindingSchema = Type.Object({
  id: Type.Integer({ description: "stable id of the finding in this project version" }),
  project: Type.Optional(Type.String()),
  projectVersion: Type.String(),
  state: Type.String({ description: "open, fixed, withdrawn or suppressed" }),
  vulnerability: Type.String({ description: "the primary id of the alias group" }),
  aliases: Type.Array(Type.String()),
  purl: Type.String(),
  summary: Type.String(),
  severity: Type.Object({
    rating: Type.String(),
    score: Type.Optional(Type.Number()),
    vector: Type.Optional(Type.String()),
    type: Type.String(),
  }),
  fixed: Type.Array(Type.String()),
  paths: Type.Array(Type.Array(Type.String())),
  locations: Type.Array(Location),
  references: Type.Array(Type.Object({ type: Type.String(), url: Type.String() })),
  remediation: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  direct: Type.Optional(Type.Boolean()),
  scope: Type.Optional(Type.String()),
  kev: Type.Boolean(),
  epss: Type.Optional(Type.Number()),
  priority: Type.Number(),
  approximate: Type.Optional(Type.Boolean()),
  publishedAt: Type.Optional(Instant),
  detectedAt: Instant,
  fixedAt: Type.Optional(Instant),
  withdrawnAt: Type.Optional(Instant),
  suppressedAt: Type.Optional(Instant),
  slaDueAt: Type.Optional(Instant),
  analysis: Type.Optional(Analysis),
});

export const UploadAnswerSchema = Type.Object({
  project: ProjectSchema,
  snapshot: SnapshotSchema,
  components: Type.Integer(),
  findings: Type.Object({ new: Type.Integer(), fixed: Type.Integer(), open: Type.Integer() }),
});

export const ImportAnswerSchema = Type.Object({
  imported: Type.Integer(),
  replaced: Type.Integer(),
  skipped: Type.Integer(),
  invalid: Type.Array(
    Type.Object({ file: Type.String(), id: Type.Optional(Type.String()), reason: Type.String() }),
  ),
  newFindings: Type.Integer(),
  closedFindings: Type.Integer(),
  affectedProjects: Type.Integer(),
  ms: Type.Integer(),
});

/** The answers of errors, for every route's schema. */
export const ErrorResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
};
