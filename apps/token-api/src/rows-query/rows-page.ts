import {
  checkFilter,
  type Column,
  FilterError,
  parseFilter,
  parseSort,
  type RowsPage,
  type TableSchema,
  type TypedFilter,
} from "@layer/contracts";
import { DomainError } from "../errors/domain-error.js";
import type { Services } from "../services.js";
import { countMatchingRows, readFilteredRows } from "../store/filtered-rows.js";
import { decodeSortCursor, encodeSortCursor } from "./sort-cursor.js";
import { SortPlan } from "./sort-plan.js";
import { withStatementTimeout } from "./statement-timeout.js";

export interface FilteredRowsQuery {
  limit: number;
  cursor?: string | undefined;
  filter?: string | undefined;
  sort?: string | undefined;
  count?: boolean | undefined;
}

/** A filter or sort the API refuses: 400 naming the parameter, the character and the problem. */
function refused(parameter: "filter" | "sort", error: unknown): never {
  if (!(error instanceof FilterError)) throw error;
  throw new DomainError("VALIDATION_FAILED", `the ${parameter} is not valid`, {
    issues: [{ path: `query.${parameter}`, message: error.message }],
    position: error.at,
  });
}

/**
 * A page of a filtered and/or sorted read, and the count when asked: one request, one statement
 * for the rows and one for the count, both under the statement timeout.
 */
export async function filteredRowsPage(
  services: Pick<Services, "db" | "config">,
  table: TableSchema,
  columns: Column[],
  query: FilteredRowsQuery,
): Promise<RowsPage> {
  let filter: TypedFilter | undefined;
  try {
    filter =
      query.filter === undefined || query.filter.trim() === ""
        ? undefined
        : checkFilter(parseFilter(query.filter), table.columns);
  } catch (error) {
    refused("filter", error);
  }
  let plan: SortPlan;
  try {
    plan = new SortPlan(
      query.sort === undefined || query.sort.trim() === "" ? [] : parseSort(query.sort, table.columns),
      table,
    );
  } catch (error) {
    refused("sort", error);
  }
  const after = query.cursor ? decodeSortCursor(query.cursor, table.id, plan) : null;
  const timeoutMs = services.config.rowsStatementTimeoutMs ?? 10_000;
  const { items, count } = await withStatementTimeout(services.db, timeoutMs, async (q) => ({
    // One row more than asked tells whether another page exists, so the last page says null.
    items: await readFilteredRows(q, table.id, filter, plan, after, query.limit + 1),
    count: query.count ? await countMatchingRows(q, table.id, filter) : undefined,
  }));
  const page = items.slice(0, query.limit);
  return {
    columns,
    rows: page.map(({ data }) => rowOf(columns, data)),
    nextCursor: items.length > query.limit ? encodeSortCursor(table.id, plan, page[page.length - 1]!.position) : null,
    totalRows: table.rowCount,
    ...(count === undefined ? {} : { count }),
  };
}

/** A stored row as the contract's JSON row: the asked columns, in order, absent cells null. */
export function rowOf(
  columns: Column[],
  data: Record<string, unknown>,
): Record<string, string | number | boolean | null> {
  const row: Record<string, string | number | boolean | null> = {};
  for (const c of columns) row[c.name] = (data[c.name] as string | number | boolean | null | undefined) ?? null;
  return row;
}
