import { type RawBuilder, type SqlBool, sql } from "kysely";
import { checkText } from "../context.js";
import { containsLike } from "../name-pattern.js";
import type { ProjectFilter } from "../ports.js";
import type { SqlDialect } from "../sql-dialect.js";

/** `column` matches one of the patterns; absent = true, empty = false (a key scoped to nothing sees nothing). */
export function patternsFilter(
  dialect: SqlDialect,
  column: string,
  patterns: readonly string[] | undefined,
): RawBuilder<SqlBool> | undefined {
  if (patterns === undefined) return undefined;
  if (patterns.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(
    patterns.map((p) => dialect.matchesGlob(column, p)),
    sql` or `,
  )})`;
}

/** The SQL conditions of a project filter, on a query over `projects`. */
export function projectFilterConditions(dialect: SqlDialect, filter: ProjectFilter): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (filter.search !== undefined && filter.search !== "") {
    const like = containsLike(checkText("a search", filter.search, { max: 512 }).toLowerCase());
    conditions.push(sql<SqlBool>`lower(${sql.ref("projects.name")}) like ${like} escape '\\'`);
  }
  if (filter.tag !== undefined) {
    conditions.push(
      sql<SqlBool>`exists (select 1 from project_tags as t where t.project_id = projects.id and t.tag = ${filter.tag})`,
    );
  }
  const scoped = patternsFilter(dialect, "projects.name", filter.projectPatterns);
  if (scoped) conditions.push(scoped);
  return conditions;
}

/** Joins conditions with AND (true when there are none). */
export function allOf(conditions: readonly RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  return conditions.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}
