import type { RawRequest, RawResponse } from "./sync-http.js";

/**
 * A tiny in-memory stand-in for the token API, for unit tests of the core that need no server:
 * one user, one project, one table of `rows` rows, cursor paging. The vm tests use the real API.
 */
export interface StubApiOptions {
  rows: number;
  /** Answers to give instead, in order, before serving normally (e.g. a 429). */
  failures?: RawResponse[];
  /** The text of row i's label (default `row <i+1>`). */
  label?: (index: number) => string;
}

const columns = [
  { name: "id", type: "number", nullable: false },
  { name: "label", type: "string", nullable: false },
  { name: "day", type: "date", nullable: false },
  { name: "ok", type: "boolean", nullable: false },
];

function json(status: number, body: unknown, headers: Record<string, string> = {}): RawResponse {
  return {
    status,
    headers: { "content-type": "application/json", "x-request-id": "req_stub", ...headers },
    body: JSON.stringify(body),
  };
}

export function stubLayerApi(options: StubApiOptions) {
  const failures = [...(options.failures ?? [])];
  const requests: string[] = [];
  const handler = (req: RawRequest): RawResponse => {
    const [path = "", query = ""] = req.url.replace(/^https?:\/\/[^/]+/, "").split("?");
    requests.push(`${req.method} ${path}`);
    const failure = failures.shift();
    if (failure) return failure;
    const params = new Map(
      query
        .split("&")
        .filter(Boolean)
        .map((kv) => kv.split("=").map(decodeURIComponent) as [string, string]),
    );
    if (path === "/v1/whoami") {
      return json(200, {
        user: { id: "usr_ada", email: "ada@example.com", name: "Ada Lovelace" },
        organizations: [],
        token: {
          name: "Google Sheets - Stub",
          keyId: "STUB000000000000",
          env: "live",
          legacy: false,
          scopes: [],
          tier: "standard",
          createdAt: "2026-11-01T00:00:00Z",
          expiresAt: null,
          lastUsedAt: null,
        },
        rotation: [],
      });
    }
    if (path === "/v1/projects/prj_stub/tables/tbl_stub") {
      return json(200, {
        id: "tbl_stub",
        projectId: "prj_stub",
        name: "Stub",
        rowCount: options.rows,
        primaryKey: "id",
        columns,
      });
    }
    if (path === "/v1/projects/prj_stub/tables/tbl_stub/rows") {
      const limit = Number(params.get("limit") ?? 1000);
      const offset = Number(params.get("cursor") ?? 0);
      const fields = params.get("fields")?.split(",");
      const chosen = fields ? columns.filter((c) => fields.includes(c.name)) : columns;
      const rows = [];
      for (let i = offset; i < Math.min(options.rows, offset + limit); i += 1) {
        const full: Record<string, unknown> = {
          id: i + 1,
          label: options.label ? options.label(i) : `row ${i + 1}`,
          day: `2026-01-${String((i % 28) + 1).padStart(2, "0")}`,
          ok: i % 2 === 0,
        };
        rows.push(Object.fromEntries(chosen.map((c) => [c.name, full[c.name]])));
      }
      const next = offset + limit < options.rows ? String(offset + limit) : null;
      return json(200, { columns: chosen, rows, nextCursor: next, totalRows: options.rows });
    }
    return json(404, { error: { code: "NOT_FOUND", message: "not found", requestId: "req_stub", details: {} } });
  };
  return { handler, requests };
}
