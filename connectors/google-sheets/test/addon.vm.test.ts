import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiveApi, type LiveApi } from "./support/live-api.js";
import { loadAddon, type VmAddon } from "./support/vm-addon.js";
import type { FakeSheet } from "../src/testing/spreadsheet.js";

type Answer<T> =
  | { ok: true; value: T }
  | { ok: false; failure: { kind: string; message: string; retryAt: string | null; steps: string[] } };
interface Progress {
  id: string;
  status: string;
  rowsWritten: number;
  totalRows: number;
  message: string;
  failure: { kind: string; message: string; retryAt: string | null } | null;
}

// A tier the tests can exhaust: one page of rows per window. Tokens start on "standard" (the
// README defaults); a test moves a key here with setTier to meet the API's real limiter. The
// window is short (the API's own is 60 s) so that waiting one out costs seconds, not a minute;
// it is long enough that the steps of one test stay inside it on a loaded machine.
const TINY_TIER = "pilot";
const WINDOW_SECONDS = 10;

let api: LiveApi;
const addons: VmAddon[] = [];

beforeAll(async () => {
  api = await startLiveApi({
    ordersRows: 10_000,
    rateLimits: { [TINY_TIER]: { "long-running": 1 } },
    rateLimitWindowSeconds: WINDOW_SECONDS,
  });
});
afterAll(async () => {
  await Promise.all(addons.map((a) => a.close()));
  await api?.close();
});

function addon(options: { latencyMs?: number; realSleep?: boolean; apiUrl?: string } = {}): VmAddon {
  const a = loadAddon({ apiUrl: api.url, ...options });
  addons.push(a);
  return a;
}

function ok<T>(answer: Answer<T>): T {
  if (!answer.ok) throw new Error(`expected ok, got ${answer.failure.kind}: ${answer.failure.message}`);
  return answer.value;
}

async function adaToken(name = "Google Sheets - Budget 2026") {
  return api.createToken({ email: "ada@example.com", name, expires: "90d" });
}

/** Everything a secret could leak into: every cell, document property, toast and log row. */
function everythingVisible(a: VmAddon): string {
  const ss = a.gas.SpreadsheetApp.spreadsheet;
  const cells = [...ss.sheets.values()].map((s) => JSON.stringify(s.cells)).join("\n");
  return [
    cells,
    JSON.stringify(a.gas.SpreadsheetApp.spreadsheet.stored()),
    JSON.stringify(a.gas.PropertiesService.document.getProperties()),
    ss.toasts.join("\n"),
    JSON.stringify(a.gas.CacheService.document.entries.size ? [...a.gas.CacheService.document.entries] : []),
  ].join("\n");
}

/** Retry-After (seconds) of each 429 the add-on receives: read from the API's own answers. */
function retryAftersOf429s(a: VmAddon): number[] {
  const seen: number[] = [];
  const fetch = a.gas.UrlFetchApp.fetch.bind(a.gas.UrlFetchApp);
  a.gas.UrlFetchApp.fetch = (url, params) => {
    const response = fetch(url, params);
    if (response.getResponseCode() === 429)
      seen.push(Number((response.getAllHeaders() as Record<string, string>)["retry-after"]));
    return response;
  };
  return seen;
}

function importOrders(a: VmAddon, fields: string[] = []) {
  const created = ok(
    a.call<Answer<{ id: string }>>("createImport", {
      projectId: "prj_acme_tower",
      projectName: "Acme Tower",
      tableId: "tbl_orders",
      tableName: "Orders",
      fields,
      destination: "new-sheet",
    }),
  );
  return created.id;
}

describe("Code.js in node:vm against the live token API", () => {
  it("builds the Extensions › Layer menu on open", () => {
    const a = addon();
    a.call("onOpen", { authMode: "FULL" });
    const items = a.gas.SpreadsheetApp.ui.menus[0]?.items
      .filter((i) => i !== "separator")
      .map((i) => (i as { caption: string }).caption);
    expect(items).toEqual(["Connect token", "Import table", "Refresh", "Refresh all", "Rotate token", "Schedule"]);
  });

  it("connect: rejects a paste mistake locally, then verifies with whoami and stores only in user properties", async () => {
    const { token, keyId } = await adaToken();
    const a = addon();
    const bad = a.call<Answer<unknown>>("connectToken", `"${token}"`);
    expect(bad.ok).toBe(false);
    expect(a.fetches()).toBe(0);
    const revoked = await adaToken("Google Sheets - Old");
    await api.revokeToken(revoked.keyId);
    const refused = a.call<Answer<unknown>>("connectToken", revoked.token);
    expect(refused.ok ? "" : refused.failure.message).toMatch(
      /^Layer token "Google Sheets - Old" was revoked on \d{4}-\d{2}-\d{2}\. Create a new token/,
    );
    expect(a.gas.PropertiesService.getUserProperties().getProperties()).toEqual({});
    const fetchesBefore = a.fetches();
    const view = ok(
      a.call<Answer<{ name: string; masked: string; user: { name: string }; expiresAt: string }>>(
        "connectToken",
        `  ${token}\n`,
      ),
    );
    expect(view).toMatchObject({ name: "Google Sheets - Budget 2026", user: { name: "Ada Lovelace" } });
    expect(view.masked).toBe(`lp_live_${keyId}_…`);
    expect(JSON.stringify(view)).not.toContain(token);
    expect(a.fetches() - fetchesBefore).toBe(1);
    expect(JSON.stringify(a.gas.PropertiesService.getUserProperties().getProperties())).toContain(token);
    expect(a.gas.SpreadsheetApp.spreadsheet.stored()["layer.connection"]).toContain(keyId);
    expect(a.gas.PropertiesService.document.getProperties()).toEqual({});
    expect(everythingVisible(a)).not.toContain(token);
    // Sent only as a header, never in a URL.
    expect(a.gas.UrlFetchApp.calls.every((c) => !c.url.includes(token) && c.headerNames.includes("x-api-key"))).toBe(
      true,
    );
    const state = ok(a.call<Answer<{ suggestedName: string; createUrl: string }>>("sidebarState"));
    expect(state.suggestedName).toBe("Google Sheets - Budget 2026");
    expect(state.createUrl).toBe(
      `${api.url}/account/api?create=1&name=Google%20Sheets%20-%20Budget%202026&expires=90d`,
    );
  });

  it("imports 10,000 rows in large batches with typed cells and a frozen, formatted header", async () => {
    const { token } = await adaToken();
    const a = addon();
    ok(a.call("connectToken", token));
    const projects = ok(a.call<Answer<Array<{ id: string }>>>("listProjects"));
    expect(projects.map((p) => p.id)).toContain("prj_acme_tower");
    const tables = ok(a.call<Answer<Array<{ id: string; rowCount: number }>>>("listTables", "prj_acme_tower"));
    expect(tables.find((t) => t.id === "tbl_orders")?.rowCount).toBe(10_000);
    const before = a.fetches();
    const id = importOrders(a);
    const progress = ok(a.call<Answer<Progress>>("importStep", id));
    expect(progress).toMatchObject({ status: "complete", rowsWritten: 10_000, totalRows: 10_000 });
    // 1 schema + 2 pages of 5,000; one setValues for the header and one per page.
    expect(a.fetches() - before).toBe(3);
    const sheet = a.gas.SpreadsheetApp.spreadsheet.getSheetByName("Orders") as FakeSheet;
    expect(a.gas.SpreadsheetApp.spreadsheet.stats.setValuesCalls).toBe(3);
    expect(sheet.getLastRow()).toBe(10_001);
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.styles.get("A1:H1:weight")).toBe("bold");
    const header = sheet.cells[0];
    expect(header).toEqual(["order_id", "customer", "region", "amount", "paid", "order_date", "updated_at", "note"]);
    const first = sheet.cells[1] ?? [];
    expect(typeof first[0]).toBe("number");
    expect(typeof first[4]).toBe("boolean");
    expect(Object.prototype.toString.call(first[5])).toBe("[object Date]");
    expect(Object.prototype.toString.call(first[6])).toBe("[object Date]");
    const state = ok(
      a.call<Answer<{ imports: Array<{ lastRun: { rows: number; by: string; at: string } }> }>>("sidebarState"),
    );
    expect(state.imports[0]?.lastRun).toMatchObject({ rows: 10_000, by: "Ada Lovelace" });
    expect(everythingVisible(a)).not.toContain(token);
  });

  it("stops safely before the 6-minute limit, saves the cursor, and resumes on the next Refresh", async () => {
    const { token } = await adaToken();
    const a = addon();
    ok(a.call("connectToken", token));
    const id = importOrders(a);
    // Model a slow UrlFetch: 150 s per call, so the second page would not fit in 6 minutes.
    a.gas.UrlFetchApp.latencyMs = 150_000;
    const started = a.gas.clock.now();
    a.call("refreshCurrent");
    expect(a.gas.clock.now() - started).toBeLessThan(6 * 60_000);
    const sheet = a.gas.SpreadsheetApp.spreadsheet.getSheetByName("Orders") as FakeSheet;
    expect(sheet.getLastRow()).toBe(5_001);
    expect(a.gas.SpreadsheetApp.spreadsheet.toasts.at(-1)).toMatch(
      /Stopped safely .* 5000 of 10000 rows; Refresh carries on/,
    );
    const saved = JSON.parse(a.gas.SpreadsheetApp.spreadsheet.stored()[`layer.import.${id}`] ?? "{}");
    expect(saved.resume.cursor).toBeTruthy();
    const fetchesBefore = a.fetches();
    a.call("refreshCurrent");
    expect(a.fetches() - fetchesBefore).toBe(1); // no schema again: straight to the saved cursor
    expect(sheet.getLastRow()).toBe(10_001);
    expect(sheet.cells[10_000]?.[0]).toBe(10_000);
    expect(a.gas.SpreadsheetApp.spreadsheet.toasts.at(-1)).toMatch(/Imported 10000 rows/);
  });

  it("429 from the API's limiter: waits at least Retry-After when it fits the time left, else stops, names the token and says when", async () => {
    const { token, keyId } = await adaToken();
    const a = addon({ realSleep: true });
    ok(a.call("connectToken", token));
    const id = importOrders(a, ["order_id", "amount"]);
    await api.setTier(keyId, TINY_TIER);
    const retryAfters = retryAftersOf429s(a);
    let sent = await api.requestCount(keyId);
    // Refresh has the 6-minute budget: the limiter refuses the second page for the rest of its
    // window, which fits, so the add-on sleeps (for real: the window is on the API's clock) and
    // sends that page once more.
    a.call("refreshCurrent");
    expect(a.gas.SpreadsheetApp.spreadsheet.toasts.at(-1)).toMatch(/Imported 10000 rows/);
    expect((a.gas.SpreadsheetApp.spreadsheet.getSheetByName("Orders") as FakeSheet).getLastRow()).toBe(10_001);
    expect(retryAfters).toHaveLength(1);
    const asked = (retryAfters[0] ?? Number.NaN) * 1000;
    expect(asked).toBeGreaterThanOrEqual(1000);
    expect(asked).toBeLessThanOrEqual(WINDOW_SECONDS * 1000);
    expect(a.gas.Utilities.sleeps).toHaveLength(1);
    expect(a.gas.Utilities.sleeps[0]).toBeGreaterThanOrEqual(asked);
    // Schema, page 1, page 2 refused, page 2 again: no retry storm.
    expect((await api.requestCount(keyId)) - sent).toBe(4);

    // The page sent again opened a new window and spent it. At 15 s per UrlFetch in a 30 s sidebar
    // step, the next 429 arrives with no time left for any Retry-After: stop, do not sleep.
    a.gas.UrlFetchApp.latencyMs = 15_000;
    sent = await api.requestCount(keyId);
    const stopped = ok(a.call<Answer<Progress>>("importStep", id));
    expect(stopped.failure?.kind).toBe("rate_limited");
    expect(retryAfters).toHaveLength(2);
    const retryAt = new Date(a.gas.clock.now() + (retryAfters[1] ?? Number.NaN) * 1000).toISOString();
    expect(stopped.failure?.retryAt).toBe(retryAt);
    expect(stopped.message).toBe(
      `Layer is rate-limiting token "Google Sheets - Budget 2026". Try again after ${retryAt.slice(11, 16)} UTC.`,
    );
    expect(a.gas.Utilities.sleeps).toHaveLength(1);
    // Schema, then the refused page once.
    expect((await api.requestCount(keyId)) - sent).toBe(2);
  });

  it("503 KILL_SWITCH: never retried, says an administrator disabled the key, scheduled runs skip", async () => {
    const { token, keyId } = await adaToken();
    const a = addon();
    ok(a.call("connectToken", token));
    const id = importOrders(a, ["order_id"]);
    ok(a.call("setSchedule", "hourly"));
    expect(a.gas.ScriptApp.triggers).toHaveLength(1);
    await api.killKey(keyId);
    const countBefore = await api.requestCount(keyId);
    const progress = ok(a.call<Answer<Progress>>("importStep", id));
    expect(progress.failure?.kind).toBe("kill_switch");
    expect(progress.message).toMatch(/administrator disabled Layer token "Google Sheets - Budget 2026"/);
    expect((await api.requestCount(keyId)) - countBefore).toBe(1);
    // The scheduled run: no document is active; it opens the one the trigger was made for.
    a.gas.SpreadsheetApp.active = null;
    a.gas.PropertiesService.documentActive = false;
    const fetchesBefore = a.fetches();
    a.call("scheduledRefresh", { triggerUid: a.gas.ScriptApp.triggers[0]?.getUniqueId() });
    expect(a.fetches()).toBe(fetchesBefore);
    const log = a.gas.SpreadsheetApp.spreadsheet.getSheetByName("Layer log") as FakeSheet;
    expect(String(log.cells[1]?.[2])).toMatch(/Skipped: An administrator disabled/);
    a.gas.SpreadsheetApp.active = a.gas.SpreadsheetApp.spreadsheet;
    a.gas.PropertiesService.documentActive = true;
    a.call("onOpen", { authMode: "FULL" });
    expect(a.gas.SpreadsheetApp.spreadsheet.toasts.at(-1)).toMatch(/Scheduled refresh failed/);
    await api.restoreKey(keyId);
  });

  it("revoke → 401 marks the token broken (no retry) → rotate in the safe order → success", async () => {
    const { token, keyId } = await adaToken();
    const a = addon();
    ok(a.call("connectToken", token));
    const id = importOrders(a, ["order_id", "customer"]);
    await api.revokeToken(keyId);
    const failed = ok(a.call<Answer<Progress>>("importStep", id));
    expect(failed.failure?.kind).toBe("token_broken");
    expect(failed.message).toMatch(/token "Google Sheets - Budget 2026" was revoked on \d{4}-\d{2}-\d{2}\. Rotate it/);
    const fetchesAfter401 = a.fetches();
    const again = ok(a.call<Answer<Progress>>("importStep", id));
    expect(again.failure?.kind).toBe("token_broken");
    expect(a.fetches()).toBe(fetchesAfter401); // a proven-dead token is not sent again
    const refused = a.call<Answer<unknown>>("rotateToken", token, false);
    expect(refused.ok).toBe(false);
    const ben = await api.createToken({
      email: "ben@example.com",
      name: "Google Sheets - Budget 2026 (Ben)",
      expires: "90d",
    });
    const warn = ok(a.call<Answer<{ status: string; message: string }>>("rotateToken", ben.token, false));
    expect(warn.status).toBe("confirm_other_user");
    expect(warn.message).toMatch(/belongs to Ben Okafor/);
    const next = await adaToken("Google Sheets - Budget 2026 (2)");
    const switched = ok(
      a.call<Answer<{ status: string; previous: { name: string; keyId: string }; revokeUrl: string }>>(
        "rotateToken",
        next.token,
        false,
      ),
    );
    expect(switched).toMatchObject({
      status: "switched",
      previous: { name: "Google Sheets - Budget 2026", keyId },
      revokeUrl: `${api.url}/account/api`,
    });
    expect(JSON.stringify(a.gas.PropertiesService.getUserProperties().getProperties())).not.toContain(token);
    const done = ok(a.call<Answer<Progress>>("importStep", id));
    expect(done).toMatchObject({ status: "complete", rowsWritten: 10_000 });
    expect(everythingVisible(a)).not.toContain(next.token);
  });

  it("one-click self-rotation with a grace window", async () => {
    const { token, keyId } = await adaToken();
    const a = addon();
    ok(a.call("connectToken", token));
    const rotated = ok(
      a.call<
        Answer<{
          status: string;
          token: { keyId: string; name: string };
          previous: { keyId: string; expiresAt: string };
        }>
      >("rotateTokenOneClick", 2),
    );
    expect(rotated.status).toBe("switched");
    expect(rotated.previous.keyId).toBe(keyId);
    expect(rotated.token.keyId).not.toBe(keyId);
    expect(rotated.token.name).toBe("Google Sheets - Budget 2026");
    expect(ok(a.call<Answer<Array<unknown>>>("listProjects")).length).toBeGreaterThan(0);
  });

  it("LAYER_TABLE: off until the owner opts in, then cached, with one shared rate-limit deadline", async () => {
    const { token, keyId } = await adaToken();
    const a = addon();
    ok(a.call("connectToken", token));
    await api.setTier(keyId, TINY_TIER);
    expect(a.callRaw("LAYER_TABLE", "prj_acme_tower", "tbl_sites")).toMatch(/LAYER_TABLE is off/);
    // An editor's switch does not count: formulas read the owner's user properties.
    a.gas.PropertiesService.currentUser = "ben@example.com";
    a.call("setFormulas", true);
    a.gas.PropertiesService.currentUser = "ada@example.com";
    expect(a.callRaw("LAYER_TABLE", "prj_acme_tower", "tbl_sites")).toMatch(/LAYER_TABLE is off/);
    expect(ok(a.call<Answer<boolean>>("setFormulas", true))).toBe(true);
    const before = a.fetches();
    const sent = await api.requestCount(keyId);
    // The tier's one page this window.
    const rows = a.callRaw("LAYER_TABLE", "prj_acme_tower", "tbl_sites", "site_id,name", 5) as unknown[][];
    expect(rows[0]).toEqual(["site_id", "name"]);
    expect(rows).toHaveLength(6);
    a.callRaw("LAYER_TABLE", "prj_acme_tower", "tbl_sites", "site_id,name", 5);
    expect(a.fetches() - before).toBe(1);
    // The limiter refuses the next table. A 25 s UrlFetch spends the cell's whole 25 s, so no
    // Retry-After fits, whatever is left of the window.
    a.gas.UrlFetchApp.latencyMs = 25_000;
    const limited = a.callRaw("LAYER_TABLE", "prj_acme_tower", "tbl_stores") as string;
    expect(limited).toMatch(/rate-limiting token "Google Sheets - Budget 2026". Try again after \d\d:\d\d UTC/);
    const fetchesAfter = a.fetches();
    expect(a.callRaw("LAYER_TABLE", "prj_acme_tower", "tbl_orders")).toBe(limited);
    expect(a.fetches()).toBe(fetchesAfter); // the shared deadline spares the API
    expect(a.gas.Utilities.sleeps).toEqual([]);
    // The API saw one page and one refused page: a sheet of cells makes no storm.
    expect((await api.requestCount(keyId)) - sent).toBe(2);
    expect(everythingVisible(a)).not.toContain(token);
  });

  it("503 SERVICE_UNAVAILABLE: retried within the time left, else stopped with when to retry", async () => {
    const { token } = await adaToken();
    // Through the stand-in gateway (test/support/live-api-child.mjs says why the API cannot give
    // this answer cheaply in a test).
    const a = addon({ realSleep: true, apiUrl: api.gatewayUrl });
    ok(a.call("connectToken", token));
    const id = importOrders(a, ["order_id"]);
    await api.armUnavailable(1, 1);
    const done = ok(a.call<Answer<Progress>>("importStep", id));
    expect(done.status).toBe("complete");
    expect(a.gas.Utilities.sleeps).toContain(1000);
    await api.armUnavailable(1, 120);
    const stopped = ok(a.call<Answer<Progress>>("importStep", id));
    expect(stopped.failure?.kind).toBe("unavailable");
    expect(stopped.message).toMatch(/Layer is unavailable right now\. Try again after \d\d:\d\d UTC/);
  });

  it("shows an expiry banner within 14 days, at open and after each refresh", async () => {
    const soon = new Date(Date.now() + 10 * 86_400_000 - 3_600_000).toISOString();
    const { token } = await api.createToken({
      email: "ada@example.com",
      name: "Google Sheets - Budget 2026",
      expiresAt: soon,
    });
    const a = addon();
    ok(a.call("connectToken", token));
    const state = ok(
      a.call<Answer<{ banner: { severity: string; message: string; createUrl: string } | null }>>("sidebarState"),
    );
    expect(state.banner?.severity).toBe("warning");
    expect(state.banner?.message).toMatch(/Google Sheets - Budget 2026/);
    expect(state.banner?.message).toMatch(/10 days/);
    expect(state.banner?.createUrl).toContain("create=1");
    a.call("onOpen", { authMode: "FULL" });
    expect(a.gas.SpreadsheetApp.spreadsheet.toasts.at(-1)).toBe(state.banner?.message);
    importOrders(a, ["order_id"]);
    a.call("refreshCurrent");
    expect(a.gas.SpreadsheetApp.spreadsheet.toasts.at(-1)).toContain(state.banner?.message ?? "-");
  });

  it("keeps several named tokens per user and one chosen per spreadsheet, by name and key_id", async () => {
    const first = await adaToken("Google Sheets - Budget 2026");
    const second = await adaToken("Google Sheets - Forecast");
    const a = addon();
    ok(a.call("connectToken", first.token));
    ok(a.call("connectToken", second.token));
    const state = ok(a.call<Answer<{ tokens: Array<{ keyId: string }>; current: { keyId: string } }>>("sidebarState"));
    expect(state.tokens.map((t) => t.keyId).sort()).toEqual([first.keyId, second.keyId].sort());
    expect(state.current.keyId).toBe(second.keyId);
    ok(a.call("selectToken", first.keyId));
    expect(JSON.parse(a.gas.SpreadsheetApp.spreadsheet.stored()["layer.connection"] ?? "{}")).toEqual({
      tokenName: "Google Sheets - Budget 2026",
      keyId: first.keyId,
      userName: "Ada Lovelace",
    });
    expect(everythingVisible(a)).not.toContain(first.token);
    expect(everythingVisible(a)).not.toContain(second.token);
  });

  it("Schedule: hourly or daily, never more than one trigger per user per spreadsheet", async () => {
    const { token } = await adaToken();
    const a = addon();
    ok(a.call("connectToken", token));
    ok(a.call("setSchedule", "hourly"));
    ok(a.call("setSchedule", "daily"));
    expect(a.gas.ScriptApp.triggers.map((t) => [t.getHandlerFunction(), t.every])).toEqual([
      ["scheduledRefresh", "1d@6"],
    ]);
    expect(a.call<Answer<string>>("setSchedule", "every minute").ok).toBe(false);
    ok(a.call("setSchedule", "off"));
    expect(a.gas.ScriptApp.triggers).toHaveLength(0);
  });

  it("LAYER_TABLE after a revoke: one 401, then every cell answers from the shared 'disabled' deadline", async () => {
    const { token, keyId } = await adaToken();
    const a = addon();
    ok(a.call("connectToken", token));
    ok(a.call("setFormulas", true));
    await api.revokeToken(keyId);
    const before = a.fetches();
    const first = a.callRaw("LAYER_TABLE", "prj_acme_tower", "tbl_sites") as string;
    expect(first).toMatch(/^LAYER_TABLE: Layer token "Google Sheets - Budget 2026" was revoked on .*Rotate it/);
    expect(first.length).toBeLessThan(160);
    a.callRaw("LAYER_TABLE", "prj_acme_tower", "tbl_stores");
    a.callRaw("LAYER_TABLE", "prj_acme_retail", "tbl_stores");
    expect(a.fetches() - before).toBe(1);
  });
});
