import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorEnvelope } from "@layer/contracts";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

describe.each(ENGINES)("rows refusals on %s", (engine) => {
  let api: TokenApi;
  let token: string;
  const rows = "/v1/projects/prj_acme_tower/tables/tbl_orders/rows";
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 500 });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Errors" }));
  });
  afterAll(() => api?.close());
  const get = (path: string) => call(`${api.url}${path}`, { token });

  it.each([
    ["limit=0", "query.limit"],
    ["limit=-5", "query.limit"],
    ["limit=10001", "query.limit"],
    ["limit=abc", "query.limit"],
    ["limit=1.5", "query.limit"],
    ["cursor=not-a-cursor!", "query.cursor"],
    [`cursor=${"A".repeat(600)}`, "query.cursor"],
    [`cursor=${Buffer.from('["tbl_sites","1",""]').toString("base64url")}`, "query.cursor"],
    [`cursor=${Buffer.from('["tbl_orders","1; DROP TABLE x",""]').toString("base64url")}`, "query.cursor"],
    ["fields=order_id,nope", "query.fields"],
    ["fields=", "query.fields"],
    ["sort=asc", "query"],
  ])("answers 400 VALIDATION_FAILED for %s", async (query, path) => {
    const r = await get(`${rows}?${query}`);
    expect(r.status).toBe(400);
    const { error } = ErrorEnvelope.parse(r.body);
    expect(error.code).toBe("VALIDATION_FAILED");
    const issues = error.details?.["issues"] as { path: string }[];
    expect(issues.some((i) => i.path.startsWith(path))).toBe(true);
  });

  it("answers 404 for an absent project or table", async () => {
    for (const path of [
      "/v1/projects/prj_nope",
      "/v1/projects/prj_nope/tables",
      "/v1/projects/prj_acme_tower/tables/tbl_nope",
      "/v1/projects/prj_acme_tower/tables/tbl_meters/rows",
    ]) {
      const r = await get(path);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("NOT_FOUND");
    }
  });

  it("survives odd path segments", async () => {
    const r = await get(`/v1/projects/${encodeURIComponent("x'; --")}/tables/${"t".repeat(300)}`);
    expect([400, 404]).toContain(r.status);
    expect(r.body.error).toBeDefined();
  });
});
