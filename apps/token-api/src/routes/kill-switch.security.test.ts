import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

describe.each(ENGINES)("kill switches on %s", (engine) => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 100 });
  });
  afterAll(() => api?.close());

  const expectKilled = async (token: string, scope: string, path = "/v1/whoami") => {
    const r = await call(`${api.url}${path}`, { token });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("KILL_SWITCH");
    expect(r.body.error.details.scope).toBe(scope);
    expect(r.headers.get("retry-after")).toBeNull();
  };

  it("kills one key for cached and uncached requests, reads and writes, until restored", async () => {
    const cached = await api.operator.createToken({ email: "ada@example.com", name: "Cached" });
    expect((await call(`${api.url}/v1/whoami`, { token: cached.token })).status).toBe(200);
    const fresh = await api.operator.createToken({ email: "ada@example.com", name: "Fresh" });
    await api.operator.killKey(cached.keyId);
    await api.operator.killKey(fresh.keyId);
    await expectKilled(cached.token, "key");
    await expectKilled(fresh.token, "key", "/v1/projects");
    const write = await call(`${api.url}/v1/tokens/self/rotate`, { method: "POST", token: cached.token, json: {} });
    expect(write.status).toBe(503);
    await api.operator.restoreKey(cached.keyId);
    expect((await call(`${api.url}/v1/whoami`, { token: cached.token })).status).toBe(200);
    await expectKilled(fresh.token, "key");
  });

  it("cuts every key of an organization's members, and only them", async () => {
    const ada = await api.operator.createToken({ email: "ada@example.com", name: "Ada" });
    const ben = await api.operator.createToken({ email: "ben@example.com", name: "Ben" });
    const chen = await api.operator.createToken({ email: "chen@example.com", name: "Chen" });
    expect((await call(`${api.url}/v1/whoami`, { token: ada.token })).status).toBe(200);
    await api.operator.revokeApiAccess("org_acme");
    await expectKilled(ada.token, "organization");
    await expectKilled(ben.token, "organization");
    expect((await call(`${api.url}/v1/whoami`, { token: chen.token })).status).toBe(200);
    await api.operator.restoreApiAccess("org_acme");
    expect((await call(`${api.url}/v1/whoami`, { token: ada.token })).status).toBe(200);
  });

  it("stops everything while the global switch is on, and audit-logs it", async () => {
    const chen = await api.operator.createToken({ email: "chen@example.com", name: "Global" });
    await api.operator.setGlobalKillSwitch(true);
    await expectKilled(chen.token, "global", "/v1/projects/prj_borealis_grid/tables/tbl_meters/rows");
    await api.operator.setGlobalKillSwitch(false);
    expect((await call(`${api.url}/v1/whoami`, { token: chen.token })).status).toBe(200);
    const audit = await api.db.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE action LIKE 'global%' ORDER BY id",
    );
    expect(audit).toEqual([
      { action: "global_kill_switch.on", actor: "operator" },
      { action: "global_kill_switch.off", actor: "operator" },
    ]);
  });

  it("sees a switch flipped by another process after the periodic refresh", async () => {
    const { token } = await api.operator.createToken({ email: "chen@example.com", name: "Elsewhere" });
    expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(200);
    await api.db.query("UPDATE platform_settings SET global_kill_switch = true");
    await api.services.killSwitches.refresh();
    await expectKilled(token, "global");
    await api.db.query("UPDATE platform_settings SET global_kill_switch = false");
    await api.services.killSwitches.refresh();
  });

  it("answers 401, not 503, for a revoked key that is also killed", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ben@example.com", name: "Both" });
    await api.operator.killKey(keyId);
    await api.operator.revokeToken(keyId);
    expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(401);
  });
});
