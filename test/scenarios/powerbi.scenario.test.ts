/**
 * Power BI through a token's life: the OData proxy and one live token API on free ports, read
 * the way Power BI's OData.Feed reads it (Basic auth with the token as the password, $metadata
 * through a CSDL parser, every nextLink, the engine's own retries). Requests counted at the API.
 */
import { startProxy, type RunningProxy } from "@layer/powerbi";
import { basicAuth, getJson, readMetadata } from "@layer/powerbi/testing";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PILOT_LIMITS, spendUntilLimited } from "../support/limits.js";
import { joinOrganization } from "../support/organizations.js";
import { refreshEntitySet } from "../support/powerbi-refresh.js";

const ORDERS_ROWS = 3_000;
const DAY = 24 * 60 * 60 * 1000;
let api: TokenApi;
let proxy: RunningProxy;
let ordersSet: string;

/** Power BI's waits are recorded, not slept: each scenario says what it expects of them. */
const noWait = async () => {};

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: ORDERS_ROWS, rateLimits: PILOT_LIMITS });
  proxy = await startProxy({ port: 0, upstreamUrl: api.url, pageSize: 1_000 });
  const { token } = await api.operator.createToken({
    email: "ada@example.com",
    name: "Power BI - Setup",
    expires: "90d",
  });
  const sets = await readMetadata(proxy.serviceUrl, basicAuth(token));
  const orders = sets.find((set) => set.properties.some((p) => p.name === "order_id"));
  if (!orders) throw new Error("$metadata lists no entity set for tbl_orders");
  ordersSet = `${proxy.serviceUrl}/${orders.name}`;
});

afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

const ada = (name: string) => api.operator.createToken({ email: "ada@example.com", name, expires: "90d" });

describe("Power BI through a token's life", () => {
  it("warns about a token expiring in 3 days, by name, in the LayerTokenStatus entity set beside the tables", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Soon",
      expiresAt: new Date(Date.now() + 3 * DAY),
    });
    // The navigator lists what $metadata declares: the tables and the token's status.
    const sets = await readMetadata(proxy.serviceUrl, basicAuth(token));
    expect(sets.map((set) => set.name)).toContain("LayerTokenStatus");
    expect(sets.some((set) => set.properties.some((p) => p.name === "order_id"))).toBe(true);
    const status = await refreshEntitySet(`${proxy.serviceUrl}/LayerTokenStatus`, basicAuth(token), noWait);
    expect(status).toMatchObject({ status: 200, rows: 1, error: null });
    const [row] = (await getJson(`${proxy.serviceUrl}/LayerTokenStatus`, basicAuth(token))).body["value"] as Record<
      string,
      unknown
    >[];
    expect(row).toMatchObject({ TokenName: "Power BI - Soon", KeyId: keyId, DaysLeft: 3, Status: "expiring_soon" });
    expect(row?.["Warning"]).toContain('"Power BI - Soon"');
    expect(row?.["Warning"]).toMatch(/expires in 3 days/);
    expect(row?.["RotateUrl"]).toContain(`${api.url}/account/api?create=1`);
    expect(row?.["RotationSteps"]).toMatch(/revoke the old token "Power BI - Soon"/);
    expect(JSON.stringify(row)).not.toContain(token);
    // The tables still refresh as before.
    expect(await refreshEntitySet(ordersSet, basicAuth(token), noWait)).toMatchObject({
      status: 200,
      rows: ORDERS_ROWS,
    });
  });

  it("shows no warning for a token far from expiry", async () => {
    const { token } = await ada("Power BI - Calm");
    const [row] = (await getJson(`${proxy.serviceUrl}/LayerTokenStatus`, basicAuth(token))).body["value"] as Record<
      string,
      unknown
    >[];
    expect(row).toMatchObject({ TokenName: "Power BI - Calm", Status: "ok", Warning: null, DaysLeft: 90 });
  });

  it("refreshes every row of tbl_orders through the proxy", async () => {
    const { token } = await ada("Power BI - Sales");
    const refresh = await refreshEntitySet(ordersSet, basicAuth(token), noWait);
    expect(refresh).toMatchObject({ status: 200, rows: ORDERS_ROWS, error: null, waits: [] });
  });

  it("on a revoked token asks for new credentials naming the token and how to rotate, with no retry", async () => {
    const { token, keyId } = await ada("Power BI - Revoked");
    await api.operator.revokeToken(keyId);
    const before = api.requestCount(keyId);
    const refresh = await refreshEntitySet(ordersSet, basicAuth(token), noWait);
    expect(refresh.status).toBe(401);
    expect(refresh.headers?.get("www-authenticate")).toMatch(/^Basic realm="Layer"/);
    expect(refresh.error?.message).toContain('"Power BI - Revoked"');
    expect(refresh.error?.message).toMatch(/revoked/);
    expect(refresh.error?.message).toContain(`${api.url}/account/api?create=1`);
    expect(refresh.requests).toBe(1);
    expect(api.requestCount(keyId)).toBe(before + 1);
    expect(JSON.stringify(refresh.error)).not.toContain(token);
  });

  it("on a killed key says an administrator switched it off, with no retry storm; restored, it refreshes again", async () => {
    const { token, keyId } = await ada("Power BI - Killed");
    await api.operator.killKey(keyId);
    const before = api.requestCount(keyId);
    const refresh = await refreshEntitySet(ordersSet, basicAuth(token), noWait);
    expect(refresh.status).toBe(503);
    expect(refresh.error?.code).toBe("KILL_SWITCH");
    expect(refresh.error?.message).toMatch(/administrator/);
    expect(refresh.headers?.get("retry-after")).toBeNull();
    // Power BI's engine retries a 503 by itself (at most 3 times); the proxy adds none of its own.
    expect(api.requestCount(keyId) - before).toBe(refresh.requests);
    expect(refresh.requests).toBeLessThanOrEqual(4);
    await api.operator.restoreKey(keyId);
    expect(await refreshEntitySet(ordersSet, basicAuth(token), noWait)).toMatchObject({
      status: 200,
      rows: ORDERS_ROWS,
    });
  });

  it("when rate limited hands Power BI a Retry-After it honours, and says when to try again", async () => {
    const { token, keyId } = await ada("Power BI - Busy");
    await api.operator.setTier(keyId, "pilot");
    const apiRetryAfter = await spendUntilLimited(api.url, token);
    const before = api.requestCount(keyId);
    const refresh = await refreshEntitySet(ordersSet, basicAuth(token), noWait);
    expect(refresh.status).toBe(429);
    const retryAfter = Number(refresh.headers?.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.max(apiRetryAfter, 1));
    expect(refresh.error?.message).toContain(`try again in ${retryAfter} s`);
    // Power BI waited at least Retry-After before each of its retries, and nothing else retried.
    expect(refresh.waits.length).toBe(3);
    for (const wait of refresh.waits) expect(wait).toBeGreaterThanOrEqual(Math.min(retryAfter, 120) * 1_000 - 1_000);
    expect(api.requestCount(keyId) - before).toBe(refresh.requests);
  });

  it("rotates in the safe order: new token created, entered, tested, switched, old revoked; refreshes never stop", async () => {
    const old = await ada("Power BI - Finance");
    const refreshWith = async (token: string) => (await refreshEntitySet(ordersSet, basicAuth(token), noWait)).status;
    expect(await refreshWith(old.token)).toBe(200);
    const next = await ada("Power BI - Finance (new)"); // created
    expect(await refreshWith(old.token)).toBe(200);
    // Entered in Edit credentials and tested: Power BI's connection test reads the service document.
    const test = await getJson(`${proxy.serviceUrl}/`, basicAuth(next.token));
    expect(test.status).toBe(200);
    expect(await refreshWith(next.token)).toBe(200); // switched
    await api.operator.revokeToken(old.keyId); // old revoked
    expect(await refreshWith(next.token)).toBe(200);
    expect(await refreshWith(old.token)).toBe(401);
  });

  it("reports a project as not found after its owner is removed from it, and keeps serving the rest", async () => {
    const ben = await api.operator.createToken({ email: "ben@example.com", name: "Power BI - Ben", expires: "30d" });
    const sets = await readMetadata(proxy.serviceUrl, basicAuth(ben.token));
    const sites = sets.find((set) => set.properties.some((p) => p.name === "site_id"));
    expect(sites).toBeDefined();
    const sitesUrl = `${proxy.serviceUrl}/${sites!.name}`;
    expect((await refreshEntitySet(sitesUrl, basicAuth(ben.token), noWait)).status).toBe(200);
    await api.operator.removeMember("prj_acme_tower", "ben@example.com");
    const refresh = await refreshEntitySet(sitesUrl, basicAuth(ben.token), noWait);
    expect(refresh.status).toBe(404);
    // The table's entity set has left this token's catalog: the contract's code, as for any 404.
    expect(refresh.error?.code).toBe("NOT_FOUND");
    expect(refresh.error?.message).toMatch(/this token cannot see it|can no longer see it/);
    expect(refresh.requests).toBe(1);
    // Not a crash: the feed still opens, and no longer lists the project's tables.
    const after = await readMetadata(proxy.serviceUrl, basicAuth(ben.token));
    expect(after.some((set) => set.properties.some((p) => p.name === "site_id"))).toBe(false);
    expect(after.map((set) => set.name)).toContain("LayerTokenStatus");
  });
});

describe("Power BI and what a token reaches", () => {
  /** The entity sets Power BI's navigator lists: the service document's, without the status set. */
  async function navigator(serviceUrl: string, token: string): Promise<string[]> {
    const { status, body } = await getJson(serviceUrl, basicAuth(token));
    expect(status).toBe(200);
    return (body["value"] as Array<{ name: string }>)
      .map((set) => set.name)
      .filter((name) => name !== "LayerTokenStatus")
      .sort();
  }

  it("a read-only token limited to one project: the navigator lists only its tables, Token status says so, another project's rows are not found", async () => {
    const everything = await navigator(proxy.serviceUrl, (await ada("Power BI - Everything")).token);
    const { token } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Tower dashboard",
      expires: "90d",
      access: "read",
      projectIds: ["prj_acme_tower"],
    });
    const limited = await navigator(proxy.serviceUrl, token);
    const towerSets = (await readMetadata(proxy.serviceUrl, basicAuth(token))).map((set) => set.name);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length).toBeLessThan(everything.length);
    expect(limited).toEqual(everything.filter((name) => towerSets.includes(name)));
    const [row] = (await getJson(`${proxy.serviceUrl}/LayerTokenStatus`, basicAuth(token))).body["value"] as Array<
      Record<string, unknown>
    >;
    expect(row).toMatchObject({ Access: "read-only", Projects: "only Acme Tower (prj_acme_tower)" });

    const retail = everything.find((name) => !limited.includes(name))!;
    const refresh = await refreshEntitySet(`${proxy.serviceUrl}/${retail}`, basicAuth(token), noWait);
    expect(refresh.status).toBe(404);
    expect(refresh.rows).toBe(0);
    expect(JSON.stringify(refresh.error)).not.toContain(token.slice(-43));
  });

  it("narrows to one organization at /organizations/<id>/odata, lists the owner's organizations, and names one they are not in", async () => {
    await joinOrganization(api, {
      organizationId: "org_acme",
      email: "chen@example.com",
      projectId: "prj_acme_retail",
    });
    const { token } = await api.operator.createToken({
      email: "chen@example.com",
      name: "Power BI - Chen",
      expires: "90d",
    });
    const root = proxy.serviceUrl.replace(/\/odata$/, "");
    const all = await navigator(proxy.serviceUrl, token);
    const borealis = await navigator(`${root}/organizations/org_borealis/odata`, token);
    const acme = await navigator(`${root}/organizations/org_acme/odata`, token);
    expect(borealis.length).toBeGreaterThan(0);
    expect(acme.length).toBeGreaterThan(0);
    expect([...borealis, ...acme].sort()).toEqual(all);

    const [row] = (await getJson(`${root}/organizations/org_borealis/odata/LayerTokenStatus`, basicAuth(token))).body[
      "value"
    ] as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ Organization: "org_borealis", Projects: "Borealis Grid (prj_borealis_grid)" });
    expect(row?.["Organizations"]).toContain(`Acme Analytics (org_acme) ${root}/organizations/org_acme/odata`);

    // nextLinks stay inside the organization's service root.
    const grid = await refreshEntitySet(
      `${root}/organizations/org_borealis/odata/${borealis[0]}`,
      basicAuth(token),
      noWait,
    );
    expect(grid).toMatchObject({ status: 200, error: null });

    const foreign = await getJson(`${root}/organizations/org_nowhere/odata`, basicAuth(token));
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).toMatch(/does not belong to the organization \\"org_nowhere\\"/);
  });
});
