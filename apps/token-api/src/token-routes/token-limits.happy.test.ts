import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreatedToken, Whoami } from "@layer/contracts";
import { movableClock, startApiOn } from "../testing/api.js";
import { AccountClient, whoami } from "../testing/account-client.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

const DAY = 86_400_000;

describe("creating limited tokens on the account page", () => {
  let api: TokenApi;
  let ada: AccountClient;
  const clock = movableClock(new Date("2026-06-01T09:30:00Z"));
  beforeAll(async () => {
    api = await startApiOn("pglite", { ordersRows: 10, clock: clock.now });
    ada = new AccountClient(api.url);
    await ada.signIn("ada@example.com");
  });
  afterAll(() => api?.close());
  const create = (json: unknown) => ada.request("POST", "/v1/tokens", { json });

  it("limits a read-only token to one project: whoami, the list and the data agree", async () => {
    const r = await create({
      name: "Power BI - Tower",
      expiresIn: "90d",
      access: "read",
      projectIds: ["prj_acme_tower"],
    });
    expect(r.status).toBe(201);
    const created = CreatedToken.parse(r.body);
    expect(created).toMatchObject({ access: "read", scopes: ["projects:read"], projectIds: ["prj_acme_tower"] });
    const token = created.token;

    const me = Whoami.parse((await whoami(api.url, token)).body);
    expect(me.token).toMatchObject({ access: "read", projectIds: ["prj_acme_tower"] });
    expect(me.token.projects).toEqual([{ id: "prj_acme_tower", name: "Acme Tower" }]);

    const projects = await call(`${api.url}/v1/projects`, { token });
    expect(projects.body.projects.map((p: { id: string }) => p.id)).toEqual(["prj_acme_tower"]);
    expect((await call(`${api.url}/v1/projects/prj_acme_tower/tables/tbl_sites/rows?limit=3`, { token })).status).toBe(
      200,
    );
    // Ada is an admin of Acme Retail, but this token does not reach it: 404 as for a stranger's project.
    for (const path of [
      "/v1/projects/prj_acme_retail",
      "/v1/projects/prj_acme_retail/tables",
      "/v1/projects/prj_acme_retail/tables/tbl_stores",
      "/v1/projects/prj_acme_retail/tables/tbl_stores/rows",
    ]) {
      const out = await call(`${api.url}${path}`, { token });
      expect(out.status, path).toBe(404);
      expect(out.body.error.code).toBe("NOT_FOUND");
    }
    const listed = (await ada.request("GET", "/v1/tokens")).body.tokens.find(
      (t: { keyId: string }) => t.keyId === created.keyId,
    );
    expect(listed).toMatchObject({ access: "read", projectIds: ["prj_acme_tower"], status: "active" });
  });

  it("creates read-write tokens for all projects by default", async () => {
    const r = await create({ name: "Excel", expiresIn: "30d" });
    expect(r.body).toMatchObject({
      access: "read-write",
      projectIds: null,
      scopes: ["projects:read", "projects:write", "tokens:rotate-self"],
    });
    expect((await whoami(api.url, r.body.token)).body.token.projects).toHaveLength(2);
  });

  it("takes a custom expiry up to 366 days ahead, and accepts a duplicate name", async () => {
    const at = new Date(clock.now().getTime() + 366 * DAY).toISOString();
    const r = await create({ name: "Excel", expiresAt: at });
    expect(r.status).toBe(201);
    expect(r.body.expiresAt).toBe(at);
    const offset = await create({ name: "Offset", expiresAt: "2026-06-10T12:00:00+02:00" });
    expect(offset.body.expiresAt).toBe("2026-06-10T10:00:00.000Z");
    const soon = await create({
      name: "In ten minutes",
      expiresAt: new Date(clock.now().getTime() + 600_000).toISOString(),
    });
    const advice = (await whoami(api.url, soon.body.token)).body.rotation[0];
    expect(advice).toMatchObject({ reason: "expiring_soon", daysLeft: 1 });
    expect(advice.message).toContain("expires in 10 minutes");
  });

  it("says hours under a day and days otherwise in whoami's advice, counted up", async () => {
    const hours = await create({
      name: "Hours",
      expiresAt: new Date(clock.now().getTime() + 5.5 * 3_600_000).toISOString(),
    });
    expect((await whoami(api.url, hours.body.token)).body.rotation[0].message).toContain("expires in 6 hours");
    const days = await create({ name: "Days", expiresAt: new Date(clock.now().getTime() + 3 * DAY).toISOString() });
    expect((await whoami(api.url, days.body.token)).body.rotation[0].message).toContain("expires in 3 days");
  });

  it("moves a token revoked on the page to the history, revoked by the user", async () => {
    const r = await create({ name: "To revoke", expiresIn: "30d" });
    expect((await ada.request("DELETE", `/v1/tokens/${r.body.keyId}`)).status).toBe(204);
    const active = (await ada.request("GET", "/v1/tokens")).body.tokens;
    expect(active.some((t: { keyId: string }) => t.keyId === r.body.keyId)).toBe(false);
    const history = await ada.request("GET", "/v1/tokens?history=true");
    expect(history.body.tokens[0]).toMatchObject({
      keyId: r.body.keyId,
      status: "revoked",
      revokedBy: "user",
      revokedAt: clock.now().toISOString(),
    });
    expect((await ada.request("GET", "/v1/tokens?history=yes")).status).toBe(400);
  });

  it("loses a project on the very next request once its owner is removed from it", async () => {
    const ben = new AccountClient(api.url);
    await ben.signIn("ben@example.com");
    const r = await ben.request("POST", "/v1/tokens", {
      json: { name: "Ben - Tower", expiresIn: "30d", access: "read", projectIds: ["prj_acme_tower"] },
    });
    const token = r.body.token;
    expect((await call(`${api.url}/v1/projects/prj_acme_tower`, { token })).status).toBe(200);
    await api.operator.removeMember("prj_acme_tower", "ben@example.com");
    expect((await call(`${api.url}/v1/projects/prj_acme_tower`, { token })).status).toBe(404);
    expect((await whoami(api.url, token)).body.token.projects).toEqual([]);
    expect((await call(`${api.url}/v1/projects`, { token })).body.projects).toEqual([]);
    await api.operator.addMember("prj_acme_tower", "ben@example.com");
    expect((await call(`${api.url}/v1/projects/prj_acme_tower`, { token })).status).toBe(200);
  });
});
