/** A call to the API as data: what both drivers send. */
export interface CallPlan {
  method: "GET" | "POST";
  /** Path and query, already encoded; never holds the token (docs/contract.md: tokens never go in a URL). */
  path: string;
  body?: unknown;
}

export interface RowsPageOptions {
  limit?: number;
  cursor?: string | null;
  /** Column names to return; all when absent. */
  fields?: string[] | string;
  /**
   * Only the rows this condition holds for, in the API's filter language (docs/filters.md):
   * `region eq 'North' and amount ge 500`. One plain string for every caller: Power BI hands on an
   * OData `$filter` almost word for word, a sheet formula takes one as text, and the add-ins'
   * condition builders write one with `filterFromConditions`.
   */
  filter?: string;
  /** Columns to order by, `asc` or `desc`: `amount desc, customer`. A cursor belongs to its sort. */
  sort?: string;
  /** Ask for `count`, the rows matching the filter. */
  count?: boolean;
}

export interface RotateSelfOptions {
  /** How long the old token keeps working, 0 to 7 days. */
  graceSeconds?: number;
}

function segment(name: string, value: string): string {
  if (typeof value !== "string" || value === "") throw new TypeError(`${name} must be a non-empty string`);
  return encodeURIComponent(value);
}

/** Query strings by hand: Apps Script has no URLSearchParams. */
function query(params: Record<string, string | number | undefined | null>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

const project = (projectId: string) => `/v1/projects/${segment("projectId", projectId)}`;
const table = (projectId: string, tableId: string) => `${project(projectId)}/tables/${segment("tableId", tableId)}`;

export const endpoints = {
  // Connectors show what a token reaches: whoami lists its projects only when asked.
  whoami: (): CallPlan => ({ method: "GET", path: "/v1/whoami?include=projects" }),
  listProjects: (): CallPlan => ({ method: "GET", path: "/v1/projects" }),
  getProject: (projectId: string): CallPlan => ({ method: "GET", path: project(projectId) }),
  listTables: (projectId: string): CallPlan => ({ method: "GET", path: `${project(projectId)}/tables` }),
  getTable: (projectId: string, tableId: string): CallPlan => ({ method: "GET", path: table(projectId, tableId) }),
  rowsPage: (projectId: string, tableId: string, opts: RowsPageOptions = {}): CallPlan => ({
    method: "GET",
    path:
      `${table(projectId, tableId)}/rows` +
      query({
        limit: opts.limit,
        cursor: opts.cursor,
        fields: Array.isArray(opts.fields) ? opts.fields.join(",") : opts.fields,
        filter: opts.filter,
        sort: opts.sort,
        count: opts.count ? "true" : undefined,
      }),
  }),
  rotateSelf: (opts: RotateSelfOptions = {}): CallPlan => ({
    method: "POST",
    path: "/v1/tokens/self/rotate",
    body: { graceSeconds: opts.graceSeconds ?? 0 },
  }),
};
