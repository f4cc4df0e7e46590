// The token's status as Power BI sees it (Power BI shows no headers): the LayerTokenStatus entity
// set beside the tables, its warning within 14 days of expiry, the whoami memo, the log warning.
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth, checkType, getJson, readAll, readMetadata } from "../test-support/feed-reader.js";
import type { LogLine } from "./options.js";
import { startProxy, type RunningProxy } from "./server-control.js";

const DAY = 24 * 60 * 60 * 1000;
let api: TokenApi;
let proxy: RunningProxy;
const logs: LogLine[] = [];

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: 2_500 });
  proxy = await startProxy({ port: 0, upstreamUrl: api.url, pageSize: 1_000, log: (line) => logs.push(line) });
});

afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

const statusUrl = (query = "") => `${proxy?.serviceUrl}/LayerTokenStatus${query ? `?${query}` : ""}`;

async function statusRow(token: string): Promise<Record<string, unknown>> {
  const page = await getJson(statusUrl(), basicAuth(token));
  expect(page.status).toBe(200);
  const rows = page.body["value"] as Record<string, unknown>[];
  expect(rows).toHaveLength(1);
  expect(page.body["@odata.nextLink"]).toBeUndefined();
  return rows[0]!;
}

describe("LayerTokenStatus", () => {
  it("is declared in $metadata with the tables and typed as declared", async () => {
    const { token } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Types",
      expires: "30d",
    });
    const sets = await readMetadata(proxy.serviceUrl, basicAuth(token));
    const status = sets.find((set) => set.name === "LayerTokenStatus");
    expect(status?.key).toEqual(["KeyId"]);
    expect(status?.properties.map((p) => p.name)).toEqual([
      "KeyId",
      "TokenName",
      "MaskedToken",
      "ExpiresAt",
      "DaysLeft",
      "Status",
      "Warning",
      "Message",
      "RotationSteps",
      "RotateUrl",
      "Access",
      "Projects",
      "Organization",
      "Organizations",
    ]);
    const service = await getJson(`${proxy.serviceUrl}/`, basicAuth(token));
    expect((service.body["value"] as { name: string }[]).map((s) => s.name)).toContain("LayerTokenStatus");
    const row = await statusRow(token);
    for (const property of status!.properties) checkType(property.type, property.nullable, row[property.name]);
  });

  it("warns about a token expiring in 3 days, naming it, with the rotation steps and link, never the secret", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Soon",
      expiresAt: new Date(Date.now() + 3 * DAY),
    });
    const row = await statusRow(token);
    expect(row).toMatchObject({ KeyId: keyId, TokenName: "Power BI - Soon", DaysLeft: 3, Status: "expiring_soon" });
    expect(row["MaskedToken"]).toBe(`lp_live_${keyId}_…`);
    expect(row["Warning"]).toContain('"Power BI - Soon"');
    expect(row["Warning"]).toMatch(/expires in 3 days/);
    expect(row["RotationSteps"]).toMatch(/^1\. Create a new token .* 4\. Then revoke the old token "Power BI - Soon"/);
    expect(row["RotateUrl"]).toBe(`${api.url}/account/api?create=1&name=Power%20BI&expires=90d`);
    const secret = token.slice(-43); // the secret is the last 43 characters and may itself hold "_"
    const body = JSON.stringify(await getJson(statusUrl(), basicAuth(token)));
    expect(body).not.toContain(token);
    expect(body).not.toContain(secret);
  });

  it("shows no warning for a token far from expiry, and advice without a warning for one that never expires", async () => {
    const far = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - Far", expires: "90d" });
    const row = await statusRow(far.token);
    expect(row).toMatchObject({
      TokenName: "Power BI - Far",
      Status: "ok",
      Warning: null,
      RotationSteps: null,
      RotateUrl: null,
      DaysLeft: 90,
    });
    expect(row["Message"]).toMatch(
      /^The token "Power BI - Far" \(\w{16}\) expires on \d{4}-\d{2}-\d{2}, in 90 days\.$/,
    );
    const never = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Never",
      expires: "never",
    });
    expect(await statusRow(never.token)).toMatchObject({
      Status: "no_expiration",
      Warning: null,
      ExpiresAt: null,
      DaysLeft: null,
    });
  });

  it("answers $select and $filter like any entity set", async () => {
    const { token } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Select",
      expires: "90d",
    });
    const selected = await getJson(statusUrl("$select=TokenName,Warning"), basicAuth(token));
    expect(selected.body["value"]).toEqual([{ TokenName: "Power BI - Select", Warning: null }]);
    const none = await getJson(statusUrl("$filter=Warning ne null"), basicAuth(token));
    expect(none.body["value"]).toEqual([]);
    const count = await fetch(`${statusUrl()}/$count`, { headers: basicAuth(token) });
    expect(await count.text()).toBe("1");
  });

  it("asks the API's whoami once for repeated reads (memo per token), and again for another token", async () => {
    const a = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - Memo A", expires: "90d" });
    const b = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - Memo B", expires: "90d" });
    const before = api.requestCount(a.keyId);
    await statusRow(a.token);
    expect(api.requestCount(a.keyId)).toBe(before + 1);
    await statusRow(a.token);
    await statusRow(a.token);
    expect(api.requestCount(a.keyId)).toBe(before + 1);
    const beforeB = api.requestCount(b.keyId);
    expect((await statusRow(b.token))["TokenName"]).toBe("Power BI - Memo B");
    expect(api.requestCount(b.keyId)).toBe(beforeB + 1);
  });

  it("forgets a token's whoami once the API refuses it: a revoked token reads no status", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Gone",
      expires: "90d",
    });
    await statusRow(token);
    await api.operator.revokeToken(keyId);
    const orders = (
      await readMetadata(
        proxy.serviceUrl,
        basicAuth(
          (
            await api.operator.createToken({ email: "ada@example.com", name: "Power BI - Other", expires: "90d" })
          ).token,
        ),
      )
    ).find((set) => set.properties.some((p) => p.name === "order_id"))!;
    expect((await getJson(`${proxy.serviceUrl}/${orders.name}?$top=1`, basicAuth(token))).status).toBe(401);
    const status = await getJson(statusUrl(), basicAuth(token));
    expect(status.status).toBe(401);
    expect((status.body["error"] as { message: string }).message).toContain('"Power BI - Gone"');
  });

  it("logs one warning line with the key id (no token) for a refresh of an expiring token, none for a healthy one", async () => {
    const soon = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Log",
      expiresAt: new Date(Date.now() + 3 * DAY),
    });
    const far = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - Log far",
      expires: "90d",
    });
    const sets = await readMetadata(proxy.serviceUrl, basicAuth(soon.token));
    const orders = sets.find((set) => set.properties.some((p) => p.name === "order_id"))!;
    const { pages } = await readAll(`${proxy.serviceUrl}/${orders.name}`, basicAuth(soon.token));
    expect(pages).toBe(3);
    await readAll(`${proxy.serviceUrl}/${orders.name}`, basicAuth(far.token));
    const warnings = logs.filter((line) => line["event"] === "token_expiring_soon");
    expect(warnings.filter((line) => line["keyId"] === soon.keyId)).toHaveLength(1);
    expect(warnings.find((line) => line["keyId"] === soon.keyId)).toMatchObject({ level: "warn", daysLeft: 3 });
    expect(warnings.some((line) => line["keyId"] === far.keyId)).toBe(false);
    const text = JSON.stringify(logs);
    for (const token of [soon.token, far.token]) expect(text).not.toContain(token.slice(-43));
  });
});
