import type { Column, Project, ProjectRole, TableSchema, TableSummary } from "@layer/contracts";
import type { Queryable } from "../db/database.js";
import type { ProjectReach } from "./token-reach.js";

interface ProjectRow {
  id: string;
  organizationId: string;
  name: string;
  customerExternalId: string | null;
  role: ProjectRole;
  createdAt: Date;
}

const toProject = (r: ProjectRow): Project => ({ ...r, createdAt: r.createdAt.toISOString() });

// Membership, the token's project list and the organization header narrow alike: a project
// outside any of them simply is not there.
const PROJECT_SELECT = `SELECT p.id, p.organization_id AS "organizationId", p.name,
  p.customer_external_id AS "customerExternalId", m.role, p.created_at AS "createdAt"
  FROM projects p JOIN project_members m ON m.project_id = p.id AND m.user_id = $1
  WHERE ($2::text[] IS NULL OR p.id = ANY($2::text[])) AND ($3::text IS NULL OR p.organization_id = $3)`;

const reachParams = (r: ProjectReach) => [r.userId, r.projectIds === null ? null : [...r.projectIds], r.organizationId];

/** Projects the request reaches, read live on every request (a token inherits access live). */
export async function listProjectsForUser(q: Queryable, reach: ProjectReach): Promise<Project[]> {
  return (await q.query<ProjectRow>(`${PROJECT_SELECT} ORDER BY p.id`, reachParams(reach))).map(toProject);
}

/** The project if the request reaches it; null for absent and out of reach alike (404, never 403). */
export async function projectForUser(q: Queryable, reach: ProjectReach, projectId: string): Promise<Project | null> {
  const [row] = await q.query<ProjectRow>(`${PROJECT_SELECT} AND p.id = $4`, [...reachParams(reach), projectId]);
  return row ? toProject(row) : null;
}

export async function listTables(q: Queryable, projectId: string): Promise<TableSummary[]> {
  return q.query<TableSummary>(
    `SELECT id, project_id AS "projectId", name, row_count AS "rowCount" FROM data_tables WHERE project_id = $1 ORDER BY id`,
    [projectId],
  );
}

export async function getTable(q: Queryable, projectId: string, tableId: string): Promise<TableSchema | null> {
  const [row] = await q.query<TableSchema>(
    `SELECT id, project_id AS "projectId", name, row_count AS "rowCount", primary_key AS "primaryKey", columns
       FROM data_tables WHERE project_id = $1 AND id = $2`,
    [projectId, tableId],
  );
  return row ?? null;
}

export interface RowKey {
  num: string;
  text: string;
}

/** Up to `limit` rows after `after`, in primary-key order, each with its key. */
export async function readRows(
  q: Queryable,
  tableId: string,
  after: RowKey | null,
  limit: number,
): Promise<{ key: RowKey; data: Record<string, unknown> }[]> {
  const rows = after
    ? await q.query<{ key_num_text: string; key_text: string; data: Record<string, unknown> }>(
        `SELECT key_num::text AS key_num_text, key_text, data FROM table_rows
          WHERE table_id = $1 AND (key_num, key_text) > ($2::numeric, $3::text)
          ORDER BY key_num, key_text LIMIT $4`,
        [tableId, after.num, after.text, limit],
      )
    : await q.query<{ key_num_text: string; key_text: string; data: Record<string, unknown> }>(
        `SELECT key_num::text AS key_num_text, key_text, data FROM table_rows
          WHERE table_id = $1 ORDER BY key_num, key_text LIMIT $2`,
        [tableId, limit],
      );
  // The alias must differ from the column: ORDER BY would otherwise sort the text form.
  return rows.map((r) => ({ key: { num: r.key_num_text, text: r.key_text }, data: r.data }));
}

export type { Column };
