import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RotatedToken, TokenList } from "@layer/contracts";
import { movableClock, startApiOn } from "../testing/api.js";
import { AccountClient, whoami } from "../testing/account-client.js";
import { ENGINES } from "../testing/engines.js";
import type { TokenApi } from "../testing/index.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(ENGINES)("POST /v1/tokens/{keyId}/regenerate on %s", (engine) => {
  let api: TokenApi;
  let ada: AccountClient;
  const clock = movableClock(new Date("2026-05-01T08:00:00Z"));
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 10, clock: clock.now });
    ada = new AccountClient(api.url);
    await ada.signIn("ada@example.com");
  });
  afterAll(() => api?.close());
  const regenerate = (keyId: string, json: unknown) => ada.request("POST", `/v1/tokens/${keyId}/regenerate`, { json });
  const list = async (query = "") => TokenList.parse((await ada.request("GET", `/v1/tokens${query}`)).body).tokens;

  it("with a 1-hour overlap: both secrets work for the hour, then only the new; the old one's 401 says rotated", async () => {
    const old = await ada.request("POST", "/v1/tokens", {
      json: { name: "Power BI - Tower", expiresIn: "30d", access: "read", projectIds: ["prj_acme_tower"] },
    });
    expect(old.status).toBe(201);
    const r = await regenerate(old.body.keyId, { overlap: "1h" });
    expect(r.status).toBe(201);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const body = RotatedToken.parse(r.body);
    // The successor keeps the name, env, access and projects, and the old one's 30-day policy.
    expect(body.token).toMatchObject({
      name: "Power BI - Tower",
      env: "live",
      access: "read",
      scopes: ["projects:read"],
      projectIds: ["prj_acme_tower"],
      status: "active",
      rotatedFrom: old.body.keyId,
      expiresAt: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
    });
    expect(body.token.token).toMatch(new RegExp(`^lp_live_${body.token.keyId}_`));
    expect(body.previous).toEqual({
      keyId: old.body.keyId,
      name: "Power BI - Tower",
      expiresAt: new Date(clock.now().getTime() + HOUR).toISOString(),
    });

    // The list links the two.
    const linked = await list();
    expect(linked.find((t) => t.keyId === old.body.keyId)).toMatchObject({ rotatedTo: body.token.keyId });

    clock.advance(HOUR - 1000);
    expect((await whoami(api.url, old.body.token)).status).toBe(200);
    expect((await whoami(api.url, body.token.token)).status).toBe(200);

    clock.advance(1000);
    const after = await whoami(api.url, old.body.token);
    expect(after.status).toBe(401);
    expect(after.body.error.details).toMatchObject({
      reason: "rotated",
      keyId: old.body.keyId,
      successor: { keyId: body.token.keyId, name: "Power BI - Tower" },
      accountUrl: `${api.services.config.publicUrl}/account/api`,
    });
    expect(after.body.error.message).toContain('"Power BI - Tower"');
    expect(after.body.error.message).toContain(body.token.keyId);
    expect((await whoami(api.url, body.token.token)).status).toBe(200);

    // The old token left the active list for the history, revoked by the rotation at the overlap's end.
    expect((await list()).some((t) => t.keyId === old.body.keyId)).toBe(false);
    expect((await list("?history=true")).find((t) => t.keyId === old.body.keyId)).toMatchObject({
      status: "revoked",
      revokedBy: "rotation",
      revokedAt: body.previous.expiresAt,
      rotatedTo: body.token.keyId,
    });
  });

  it("keeps the old secret a day by default, and names the successor's new name after a rename", async () => {
    const old = await ada.createToken("Excel - Budget", "never");
    const r = await regenerate(old.body.keyId, {});
    expect(r.status).toBe(201);
    expect(r.body.previous.expiresAt).toBe(new Date(clock.now().getTime() + DAY).toISOString());
    expect(r.body.token.expiresAt).toBeNull();
    await ada.request("PATCH", `/v1/tokens/${r.body.token.keyId}`, { json: { name: "Excel - Budget 2" } });
    clock.advance(DAY);
    // The page's session lasts 12 hours; a day later the user signs in again.
    await ada.signIn("ada@example.com");
    const after = await whoami(api.url, old.body.token);
    expect(after.body.error.details.successor).toEqual({ keyId: r.body.token.keyId, name: "Excel - Budget 2" });
  });

  it("ends the old secret at once with no overlap", async () => {
    const old = await ada.createToken("Sheets", "90d");
    const r = await regenerate(old.body.keyId, { overlap: "none" });
    expect(r.body.previous.expiresAt).toBe(clock.now().toISOString());
    expect((await whoami(api.url, old.body.token)).body.error.details.reason).toBe("rotated");
  });

  it("lets the expiry be chosen again: a standard one or a date", async () => {
    const a = await ada.createToken("Choose 1y", "30d");
    const year = await regenerate(a.body.keyId, { overlap: "7d", expiresIn: "1y" });
    expect(year.body.token.expiresAt).toBe(new Date(clock.now().getTime() + 365 * DAY).toISOString());
    expect(year.body.previous.expiresAt).toBe(new Date(clock.now().getTime() + 7 * DAY).toISOString());
    const b = await ada.createToken("Choose date", "30d");
    const at = new Date(clock.now().getTime() + 45 * DAY).toISOString();
    const dated = await regenerate(b.body.keyId, { expiresAt: at });
    expect(dated.status).toBe(201);
    expect(dated.body.token.expiresAt).toBe(at);
    // The old token's own expiry wins over an overlap that would outlive it.
    const c = await ada.createToken("Short", "30d");
    clock.advance(30 * DAY - HOUR);
    await ada.signIn("ada@example.com");
    const late = await regenerate(c.body.keyId, { overlap: "7d" });
    expect(late.body.previous.expiresAt).toBe(c.body.expiresAt);
  });
});
