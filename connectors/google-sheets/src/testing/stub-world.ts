import type { AddonContext } from "../context.js";
import { chooseToken, type StoredToken, saveToken } from "../tokens/token-store.js";
import { fakeAppsScript } from "./fake-apps-script.js";
import { type StubApiOptions, stubLayerApi } from "./stub-layer-api.js";

/** The token the stub API knows, as the add-on stores it. */
export const STUB_TOKEN: StoredToken = {
  name: "Google Sheets - Stub",
  keyId: "STUB000000000000",
  masked: "lp_live_STUB000000000000_…",
  secret: "lp_live_STUB000000000000_stubstubstubstubstubstubstubstubstubstubstu",
  env: "live",
  legacy: false,
  user: { id: "usr_ada", name: "Ada Lovelace", email: "ada@example.com" },
  expiresAt: null,
  connectedAt: "2026-11-01T00:00:00Z",
  problem: null,
};

/**
 * An Apps Script world over the stub API, with Ada's token stored and chosen for the
 * spreadsheet: what the core's tests start from.
 */
export function stubWorld(api: StubApiOptions, options: { latencyMs?: number } = {}) {
  const stub = stubLayerApi(api);
  const gas = fakeAppsScript(stub.handler, options);
  const ctx: AddonContext = { gas, config: { apiBaseUrl: "https://api.layer.test" }, now: gas.clock.now };
  saveToken(ctx, STUB_TOKEN);
  chooseToken(ctx, gas.SpreadsheetApp.spreadsheet.getId(), STUB_TOKEN);
  return { api: stub, gas, ctx, token: STUB_TOKEN };
}
