import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

describe.each(ENGINES)("project access on %s", (engine) => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 100 });
  });
  afterAll(() => api?.close());

  it("hides another organization's project as 404, never 403", async () => {
    const { token } = await api.operator.createToken({ email: "chen@example.com", name: "Borealis" });
    for (const path of [
      "/v1/projects/prj_acme_tower",
      "/v1/projects/prj_acme_tower/tables",
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows",
    ]) {
      const r = await call(`${api.url}${path}`, { token });
      expect(r.status).toBe(404);
    }
    const list = await call(`${api.url}/v1/projects`, { token });
    expect(list.body.projects.map((p: { id: string }) => p.id)).toEqual(["prj_borealis_grid"]);
  });

  it("hides a project of the same organization the user is not a member of", async () => {
    const { token } = await api.operator.createToken({ email: "ben@example.com", name: "Ben" });
    expect((await call(`${api.url}/v1/projects/prj_acme_retail`, { token })).status).toBe(404);
    expect((await call(`${api.url}/v1/projects/prj_acme_retail/tables/tbl_stores/rows`, { token })).status).toBe(404);
  });

  it("follows the owner's membership live: removed then 404, added back then 200", async () => {
    const { token } = await api.operator.createToken({ email: "ben@example.com", name: "Live access" });
    for (let i = 0; i < 3; i++) {
      expect((await call(`${api.url}/v1/projects/prj_acme_tower/tables`, { token })).status).toBe(200);
      await api.operator.removeMember("prj_acme_tower", "ben@example.com");
      const gone = await call(`${api.url}/v1/projects/prj_acme_tower/tables`, { token });
      expect(gone.status).toBe(404);
      expect((await call(`${api.url}/v1/projects`, { token })).body.projects).toEqual([]);
      await api.operator.addMember("prj_acme_tower", "ben@example.com", "viewer");
    }
  });

  it("shows a role change on the next request", async () => {
    const { token } = await api.operator.createToken({ email: "ben@example.com", name: "Role" });
    expect((await call(`${api.url}/v1/projects/prj_acme_tower`, { token })).body.role).toBe("viewer");
    await api.operator.addMember("prj_acme_tower", "ben@example.com", "editor");
    expect((await call(`${api.url}/v1/projects/prj_acme_tower`, { token })).body.role).toBe("editor");
  });
});
