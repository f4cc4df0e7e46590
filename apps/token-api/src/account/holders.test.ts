import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { AccountClient } from "../testing/account-client.js";

describe("organization owners see who holds tokens", () => {
  let api: TokenApi;
  let ada: AccountClient;
  let ben: AccountClient;
  let chen: AccountClient;
  let bensToken: string;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
    [ada, ben, chen] = [new AccountClient(api.url), new AccountClient(api.url), new AccountClient(api.url)];
    await Promise.all([ada.signIn("ada@example.com"), ben.signIn("ben@example.com"), chen.signIn("chen@example.com")]);
    bensToken = (await ben.createToken("Ben - Excel", "30d")).body.token;
    await ada.createToken("Ada - Power BI", "never");
    const gone = await ben.createToken("Ben - old", "90d");
    await ben.request("DELETE", `/v1/tokens/${gone.body.keyId}`);
    await chen.createToken("Chen - Grid");
  });
  afterAll(() => api?.close());

  it("lists each member holding tokens, with names and times but no secrets", async () => {
    const reply = await ada.request("GET", "/v1/organizations/org_acme/token-holders");
    expect(reply.status).toBe(200);
    const holders = reply.body.holders as {
      user: { email: string };
      tokens: { name: string; lastUsedAt: string | null }[];
    }[];
    expect(holders.map((h) => h.user.email)).toEqual(["ada@example.com", "ben@example.com"]);
    const benHolder = holders.find((h) => h.user.email === "ben@example.com")!;
    expect(benHolder.tokens.map((t) => t.name)).toEqual(["Ben - Excel"]);
    expect(Object.keys(benHolder.tokens[0]!).sort()).toEqual([
      "access",
      "createdAt",
      "env",
      "expiresAt",
      "keyId",
      "lastUsedAt",
      "legacy",
      "name",
      "projectIds",
      "revokedAt",
      "status",
    ]);
    expect(reply.text).not.toContain(bensToken.slice(-43)); // the secret: it may itself hold "_"
    expect(reply.text).not.toContain("Chen");
  });

  it("answers 404 to members who are not owners, and to owners of another organization", async () => {
    const member = await ben.request("GET", "/v1/organizations/org_acme/token-holders");
    expect(member.status).toBe(404);
    expect(member.body.error.code).toBe("NOT_FOUND");
    expect((await chen.request("GET", "/v1/organizations/org_acme/token-holders")).status).toBe(404);
    expect((await ada.request("GET", "/v1/organizations/org_borealis/token-holders")).status).toBe(404);
    expect((await ada.request("GET", "/v1/organizations/org_nowhere/token-holders")).status).toBe(404);
    const own = await chen.request("GET", "/v1/organizations/org_borealis/token-holders");
    expect(own.body.holders.map((h: { user: { email: string } }) => h.user.email)).toEqual(["chen@example.com"]);
  });
});
