import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { movableClock, startApiOn } from "../testing/api.js";
import { AccountClient } from "../testing/account-client.js";
import type { TokenApi } from "../testing/index.js";

const DAY = 86_400_000;

describe("creating limited tokens: refusals", () => {
  let api: TokenApi;
  let ada: AccountClient;
  const clock = movableClock(new Date("2026-06-01T09:30:00Z"));
  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  beforeAll(async () => {
    api = await startApiOn("pglite", { ordersRows: 10, clock: clock.now });
    ada = new AccountClient(api.url);
    await ada.signIn("ada@example.com");
  });
  afterAll(() => api?.close());

  it.each([
    ["neither expiry", { name: "x" }, "body.expiresIn", /exactly one of expiresIn/],
    [
      "both expiries",
      { name: "x", expiresIn: "30d", expiresAt: "2026-07-01T00:00:00Z" },
      "body.expiresAt",
      /exactly one/,
    ],
    ["an expiry that is no date", { name: "x", expiresAt: "next week" }, "body.expiresAt", /ISO 8601/],
    ["an expiry without a time zone", { name: "x", expiresAt: "2026-07-01T00:00:00" }, "body.expiresAt", /time zone/],
    ["an expiry in the past", { name: "x", expiresAt: "2026-05-31T00:00:00Z" }, "body.expiresAt", /in the future/],
    ["an expiry of now", { name: "x", expiresAt: "2026-06-01T09:30:00Z" }, "body.expiresAt", /in the future/],
    ["an expiry past 366 days", { name: "x", expiresAt: at(366 * DAY + 1000) }, "body.expiresAt", /366 days/],
    ["an unknown access", { name: "x", expiresIn: "30d", access: "admin" }, "body.access", /read/],
    ["no project", { name: "x", expiresIn: "30d", projectIds: [] }, "body.projectIds", /at least one project/],
    [
      "a repeated project",
      { name: "x", expiresIn: "30d", projectIds: ["prj_acme_tower", "prj_acme_tower"] },
      "body.projectIds",
      /repeat/,
    ],
    ["a blank project id", { name: "x", expiresIn: "30d", projectIds: ["  "] }, "body.projectIds.0", /empty/],
    ["projects not a list", { name: "x", expiresIn: "30d", projectIds: "prj_acme_tower" }, "body.projectIds", /array/],
    [
      "another organization's project",
      { name: "x", expiresIn: "30d", projectIds: ["prj_acme_tower", "prj_borealis_grid"] },
      "body.projectIds.1",
      /"prj_borealis_grid" is not a project you are a member of/,
    ],
    [
      "an unknown project",
      { name: "x", expiresIn: "30d", projectIds: ["prj_nope"] },
      "body.projectIds.0",
      /"prj_nope" is not a project/,
    ],
  ])("answers 400 naming the field for %s", async (_what, json, path, message) => {
    const before = (await ada.request("GET", "/v1/tokens")).body.tokens.length;
    const r = await ada.request("POST", "/v1/tokens", { json });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    const issue = r.body.error.details.issues.find((i: { path: string }) => i.path === path);
    expect(issue, JSON.stringify(r.body.error.details.issues)).toBeDefined();
    expect(issue.message).toMatch(message);
    expect((await ada.request("GET", "/v1/tokens")).body.tokens.length).toBe(before);
  });
});
