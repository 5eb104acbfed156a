import { Type } from "typebox";
import { BulwarkError } from "../../model/errors.js";
import { diffSnapshots } from "../../portfolio/snapshot-diff.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { notFound, visibleProject } from "../project-access.js";
import {
  ErrorResponses,
  FindingSchema,
  PageOf,
  PageQuery,
  ProjectNameParams,
  SnapshotSchema,
} from "../schemas.js";
import { findingView, snapshotView } from "../views.js";

const DiffComponent = Type.Object({
  purl: Type.String(),
  ecosystem: Type.String(),
  name: Type.String(),
  version: Type.String(),
});

/** A project's snapshots (newest first) and the difference between two of them. */
export function snapshotRoutes(ctx: ServerContext) {
  const { store } = ctx.portfolio;
  return (app: App) => {
    app.get(
      "/api/v1/projects/:name/snapshots",
      {
        config: { access: "read", cacheable: true },
        schema: {
          summary: "A project's snapshots, newest first",
          params: ProjectNameParams,
          querystring: Type.Object({ ...PageQuery, version: Type.Optional(Type.String({ maxLength: 100 })) }),
          response: { 200: PageOf(SnapshotSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        const page = await store.snapshots.list(project.id, request.query);
        return { items: page.items.map(snapshotView), nextCursor: page.nextCursor };
      },
    );

    app.get(
      "/api/v1/projects/:name/snapshots/diff",
      {
        config: { access: "read" },
        schema: {
          summary: "Components added, removed and changed, findings new and fixed, between two snapshots",
          params: ProjectNameParams,
          querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
          response: {
            200: Type.Object({
              from: SnapshotSchema,
              to: SnapshotSchema,
              components: Type.Object({
                added: Type.Array(DiffComponent),
                removed: Type.Array(DiffComponent),
                changed: Type.Array(
                  Type.Object({
                    ecosystem: Type.String(),
                    name: Type.String(),
                    from: Type.String(),
                    to: Type.String(),
                  }),
                ),
              }),
              findings: Type.Object({ new: Type.Array(FindingSchema), fixed: Type.Array(FindingSchema) }),
            }),
            ...ErrorResponses,
          },
        },
      },
      async (request) => {
        const project = await visibleProject(store, request, request.params.name);
        const [from, to] = await Promise.all([
          store.snapshots.get(request.query.from),
          store.snapshots.get(request.query.to),
        ]);
        for (const [s, id] of [
          [from, request.query.from],
          [to, request.query.to],
        ] as const)
          if (!s || s.projectId !== project.id)
            throw notFound(`no snapshot ${id} in the project ${project.name}`);
        if (from!.version !== to!.version)
          throw new BulwarkError(
            "USAGE",
            `snapshots ${from!.id} and ${to!.id} belong to different versions of ${project.name}`,
          );
        const diff = await diffSnapshots(store, from!, to!);
        return {
          from: snapshotView(diff.from),
          to: snapshotView(diff.to),
          components: diff.components,
          findings: {
            new: diff.findings.new.map((f) => findingView(f)),
            fixed: diff.findings.fixed.map((f) => findingView(f)),
          },
        };
      },
    );
  };
}
