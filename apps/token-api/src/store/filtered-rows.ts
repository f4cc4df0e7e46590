import type { TypedFilter } from "@layer/contracts";
import type { Queryable } from "../db/database.js";
import { Params } from "../rows-query/column-sql.js";
import { filterSql } from "../rows-query/filter-sql.js";
import type { SortPlan, SortPosition } from "../rows-query/sort-plan.js";

export interface FilteredRow {
  data: Record<string, unknown>;
  position: SortPosition;
}

/** Up to `limit` rows of a table that match `filter`, in `plan`'s order, after `after`. */
export async function readFilteredRows(
  q: Queryable,
  tableId: string,
  filter: TypedFilter | undefined,
  plan: SortPlan,
  after: SortPosition | null,
  limit: number,
): Promise<FilteredRow[]> {
  const params = new Params([tableId]);
  const where = ["table_id = $1"];
  if (filter) where.push(filterSql(filter, params));
  if (after) where.push(plan.after(after, params));
  params.values.push(limit);
  const rows = await q.query<Record<string, unknown>>(
    `SELECT key_num::text AS k_num, key_text AS k_text, data${plan.positionColumns()}
       FROM table_rows WHERE ${where.join(" AND ")}
      ORDER BY ${plan.orderBy()} LIMIT $${params.values.length}`,
    params.values,
  );
  return rows.map((r) => ({ data: r["data"] as Record<string, unknown>, position: plan.positionOf(r) }));
}

/** How many rows of a table match `filter` (all of them without one). */
export async function countMatchingRows(
  q: Queryable,
  tableId: string,
  filter: TypedFilter | undefined,
): Promise<number> {
  const params = new Params([tableId]);
  const condition = filter ? ` AND ${filterSql(filter, params)}` : "";
  const [row] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM table_rows WHERE table_id = $1${condition}`,
    params.values,
  );
  return row?.n ?? 0;
}
