import { expect, it } from "vitest";
import type { AddonContext } from "../context.js";
import { fakeAppsScript } from "../testing/fake-apps-script.js";
import { chooseToken, currentToken, saveToken, type StoredToken } from "./token-store.js";

const ada: StoredToken = {
  name: "Google Sheets - Budget 2026",
  keyId: "01HADA0000000000",
  masked: "lp_live_01HADA0000000000_…",
  secret: "lp_live_01HADA0000000000_s3cr3t",
  env: "live",
  legacy: false,
  user: { id: "usr_ada", name: "Ada Lovelace", email: "ada@example.com" },
  expiresAt: null,
  connectedAt: "2026-11-23T09:00:00Z",
  problem: null,
};

it("keeps the secret in the user's properties only; another editor never gets it from the document", () => {
  const gas = fakeAppsScript(() => ({ status: 500, headers: {}, body: "" }));
  const ctx: AddonContext = { gas, config: { apiBaseUrl: "http://127.0.0.1:1" }, now: gas.clock.now };
  saveToken(ctx, ada);
  chooseToken(ctx, "ss_budget_1", ada);
  expect(currentToken(ctx, "ss_budget_1")?.secret).toBe(ada.secret);
  expect(JSON.stringify(gas.SpreadsheetApp.spreadsheet.stored())).not.toContain("s3cr3t");
  expect(gas.SpreadsheetApp.spreadsheet.stored()["layer.connection"]).toContain(ada.keyId);
  gas.PropertiesService.currentUser = "ben@example.com";
  expect(currentToken(ctx, "ss_budget_1")).toBeNull();
});

it("a heavy user's properties stay inside PropertiesService's 9 KB per value and 500 KB in all", () => {
  // The stand-in throws past either limit, as Apps Script does: a user with 30 long-named tokens
  // (problem notes included) and a choice in 3,000 spreadsheets still fits.
  const gas = fakeAppsScript(() => ({ status: 500, headers: {}, body: "" }));
  const ctx: AddonContext = { gas, config: { apiBaseUrl: "https://api.layer.test" }, now: gas.clock.now };
  const tokens = Array.from({ length: 30 }, (_, i) => ({
    ...ada,
    name: `Google Sheets - ${"Quarterly planning ".repeat(5)}${i}`.slice(0, 100),
    keyId: `01HADA${String(i).padStart(10, "0")}`,
    secret: `lp_live_01HADA${String(i).padStart(10, "0")}_${"s".repeat(43)}`,
    problem: {
      kind: "unauthenticated" as const,
      reason: "revoked",
      message: "x".repeat(300),
      at: "2026-11-23T09:00:00Z",
    },
  }));
  for (const token of tokens) saveToken(ctx, token);
  for (let i = 0; i < 3_000; i += 1) chooseToken(ctx, `1${"A".repeat(43)}${i}`, tokens[i % 30]!);
  const props = gas.PropertiesService.getUserProperties();
  expect(props.bytes()).toBeLessThan(500 * 1024);
  expect(currentToken(ctx, `1${"A".repeat(43)}2999`)?.keyId).toBe(tokens[29]?.keyId);
});
