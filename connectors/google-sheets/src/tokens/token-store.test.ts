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
