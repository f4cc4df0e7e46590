/**
 * The BUILT task pane (dist/) in headless Chromium over HTTPS, talking to a live token API on
 * another origin (http://127.0.0.1:<port>), so every request with X-Api-Key goes through a real
 * CORS preflight. office.js is the stand-in with an in-memory workbook (testing/office-stand-in.js).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAddinServer, type AddinServer } from "../src/server/addin-server.js";
import {
  chooseTable,
  connectToken,
  importTable,
  launchBrowser,
  openTaskpane,
  standIn,
  statusOf,
  waitForImportOutcome,
} from "../testing/taskpane-driver.mjs";

const results = join(import.meta.dirname, "..", "test-results");
let server: AddinServer;
let api: TokenApi;
let browser: Browser;

beforeAll(async () => {
  server = await startAddinServer({ port: 0, certDir: null });
  api = await startTokenApi({ ordersRows: 10_000, corsOrigins: [server.origin] });
  browser = await launchBrowser();
  mkdirSync(results, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await server?.close();
});

async function pane(apiUrl = api.url) {
  return openTaskpane(browser, { url: server.url, apiUrl });
}

async function adaToken(name = "Excel - Budget", expiresAt?: Date) {
  return api.operator.createToken({
    email: "ada@example.com",
    name,
    ...(expiresAt ? { expiresAt } : { expires: "90d" as const }),
  });
}

async function expectNoSecretInWorkbook(page: Page, ...tokens: string[]) {
  for (const token of tokens) {
    expect(await standIn(page).workbookContains(token)).toBe(false);
    expect(await standIn(page).workbookContains(token.slice(-43))).toBe(false);
  }
}

describe("the task pane in Chromium against the live token API", () => {
  it("checks a pasted token's shape locally, then verifies it and shows user, name, masked token and expiry", async () => {
    const { page, context } = await pane();
    const { token, keyId } = await adaToken();
    await page.waitForSelector("#connect-form:not([hidden])");
    expect(await page.textContent("#suggested-name")).toBe("Excel - Budget");
    const link = new URL((await page.getAttribute("#create-link", "href"))!);
    expect(`${link.origin}${link.pathname}`).toBe(`${api.url}/account/api`);
    expect(Object.fromEntries(link.searchParams)).toEqual({ create: "1", name: "Excel - Budget", expires: "90d" });

    const bearer = await connectToken(page, `Bearer ${token}`);
    expect(bearer.tone).toBe("error");
    expect(bearer.text).not.toContain(token.slice(-43));
    const truncated = await connectToken(page, token.slice(0, 40));
    expect(truncated.tone).toBe("error");
    expect(api.requestCount(keyId)).toBe(0);

    const ok = await connectToken(page, token);
    expect(ok).toEqual({ text: 'Connected as Ada Lovelace with "Excel - Budget".', tone: "ok" });
    expect(await page.textContent("#who-user")).toBe("Ada Lovelace <ada@example.com>");
    expect(await page.textContent("#who-token")).toBe("Excel - Budget");
    expect(await page.textContent("#who-masked")).toBe(`lp_live_${keyId}_…`);
    expect(await page.textContent("#who-expires")).toMatch(/in (89|90) days/);
    expect(await page.inputValue("#token-input")).toBe("");
    expect(await page.textContent("#who-stored")).toBe(
      "this add-in's own storage on this computer (partitioned by Office)",
    );
    // Partitioned localStorage holds it; the workbook does not.
    const stored = await page.evaluate(() => Object.keys(localStorage));
    expect(stored).toContain("stand-in-partitionlayer.token");
    await expectNoSecretInWorkbook(page, token);
    await context.close();
  });

  it("connects a legacy token but suggests a named one", async () => {
    const { page, context } = await pane();
    const legacy = await api.operator.createToken({ email: "chen@example.com", name: "legacy", legacy: true });
    expect(legacy.token).toMatch(/^layer_[0-9a-f]{64}$/);
    const status = await connectToken(page, legacy.token);
    expect(status.tone).toBe("warning");
    expect(status.text).toMatch(/legacy token\. Create a named token/);
    expect(await page.textContent("#who-masked")).toMatch(/^layer_[0-9a-f]{8}…$/);
    await expectNoSecretInWorkbook(page, legacy.token);
    await context.close();
  });

  it("imports 10,000 rows into a formatted Excel table in chunks, keeps the definition, refreshes, and serves =LAYER functions", async () => {
    const { page, context, consoleErrors } = await pane();
    const { token, keyId } = await adaToken();
    await connectToken(page, token);
    const outcome = await importTable(page, { project: "prj_acme_tower", table: "tbl_orders" });
    expect(outcome).toEqual({ text: "Imported 10,000 rows into Orders!A1:H10001.", tone: "ok" });

    const office = standIn(page);
    const [table] = await office.tables();
    expect(table).toMatchObject({
      name: "Layer_tbl_orders",
      sheet: "Orders",
      address: "Orders!A1:H10001",
      rows: 10_000,
      columns: 8,
    });
    expect(await office.headerBold("Layer_tbl_orders")).toBe(true);
    const values = (await office.tableValues("Layer_tbl_orders", 2))!;
    expect(values[0]).toEqual(["order_id", "customer", "region", "amount", "paid", "order_date", "updated_at", "note"]);
    const first = values[1]!;
    expect(typeof first[0]).toBe("number");
    expect(typeof first[4]).toBe("boolean");
    expect(typeof first[5]).toBe("number"); // a date as an Excel serial
    expect(await office.numberFormatAt("Orders", "F2")).toBe("yyyy-mm-dd");
    expect(await office.numberFormatAt("Orders", "G2")).toBe("yyyy-mm-dd hh:mm:ss");

    // Every request within the 4 MB budget, data chunks with calculation suspended; formats after values.
    const log = await office.syncLog();
    expect(log.filter((s) => s.error)).toEqual([]);
    expect(await office.largestRequestBytes()).toBeLessThanOrEqual(4_000_000);
    const dataSyncs = log.filter((s) => s.cells > 8);
    expect(dataSyncs.length).toBeGreaterThanOrEqual(1);
    for (const s of dataSyncs) expect(s.suspended).toBe(true);
    const lastData = log.lastIndexOf(dataSyncs.at(-1)!);
    expect(log.findIndex((s) => s.formats > 0)).toBeGreaterThan(lastData);

    const settings = (await office.settings())["layer.imports"] as {
      tokenName: string;
      keyId: string;
      lastRefresh: { rows: number; tokenName: string };
    }[];
    expect(settings).toHaveLength(1);
    expect(settings[0]).toMatchObject({
      tokenName: "Excel - Budget",
      keyId,
      lastRefresh: { rows: 10_000, tokenName: "Excel - Budget" },
    });
    await page.screenshot({ path: join(results, "taskpane-import.png"), fullPage: true });

    await page.click("#imports li button.refresh");
    await page.waitForFunction(() => /Refreshed/.test(document.querySelector("#import-status")?.textContent ?? ""));
    expect((await statusOf(page, "#import-status")).text).toBe("Refreshed 10,000 rows into Orders!A1:H10001.");
    expect(await office.tables()).toHaveLength(1);
    await page.click("#refresh-all");
    await page.waitForFunction(() =>
      /Refreshed 1 import/.test(document.querySelector("#import-status")?.textContent ?? ""),
    );

    expect(await office.functionIds()).toEqual(["TABLE", "TOKEN"]);
    const sites = await office.invoke("TABLE", "prj_acme_tower", "tbl_sites", "site_id,name", null);
    expect((sites.value as unknown[][])[0]).toEqual(["site_id", "name"]);
    expect(sites.value as unknown[][]).toHaveLength(13);
    expect((await office.invoke("TOKEN")).value).toMatch(/^Excel - Budget: expires in (89|90) days$/);
    await expectNoSecretInWorkbook(page, token);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("shows progress and cancels an import without touching the workbook", async () => {
    const { page, context } = await pane();
    const { token } = await adaToken("Excel - Cancel");
    await connectToken(page, token);
    await page.waitForSelector("#fields input", { state: "attached" });
    // Slow the row pages down so that Cancel lands while the download runs.
    await context.route(`${api.url}/v1/projects/*/tables/*/rows*`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await page.click("#import");
    await page.waitForFunction(() => /Downloading/.test(document.querySelector("#import-status")?.textContent ?? ""));
    expect(await page.isVisible("#progress")).toBe(true);
    expect(await page.$eval("#progress", (p) => (p as HTMLProgressElement).value)).toBeLessThan(1);
    await page.click("#cancel");
    expect(await waitForImportOutcome(page)).toEqual({
      text: "Import canceled: the workbook was not changed.",
      tone: "warning",
    });
    expect(await standIn(page).tables()).toEqual([]);
    expect((await standIn(page).settings())["layer.imports"]).toBeUndefined();
    await context.close();
  });

  it("refuses an import the sheet cannot hold before writing anything, and says what to change", async () => {
    const { page, context } = await pane();
    const { token } = await adaToken("Excel - Limits");
    await connectToken(page, token);
    await page.waitForSelector("#fields input", { state: "attached" });
    await page.fill("#cell", "A1045000");
    const outcome = await importTable(page, { project: "prj_acme_tower", table: "tbl_orders" });
    expect(outcome.tone).toBe("error");
    expect(outcome.text).toBe(
      'Import not started. 10,000 rows do not fit below A1045000: a worksheet has 1,048,576 rows. Set "Rows at most" to 3,576 or fewer, or start higher on the sheet.',
    );
    expect(await standIn(page).syncs()).toBe(1); // the workbook's name, read when the pane opened
    await page.fill("#max-rows", "3576");
    const fitted = await importTable(page, { project: "prj_acme_tower", table: "tbl_orders" });
    expect(fitted).toEqual({ text: "Imported 3,576 rows into Orders!A1045000:H1048576.", tone: "ok" });
    await context.close();
  });

  it("on Cancel while writing: a new import leaves the workbook as it was, a refresh keeps a clearly named partial table", async () => {
    // Enough rows for several requests, and a slow Excel, so that Cancel lands between them.
    const big = await startTokenApi({ ordersRows: 120_000, corsOrigins: [server.origin] });
    try {
      const { token } = await big.operator.createToken({
        email: "ada@example.com",
        name: "Excel - Big",
        expires: "90d",
      });
      const { page, context } = await openTaskpane(browser, {
        url: server.url,
        apiUrl: big.url,
        standIn: { syncDelayMs: 700 },
      });
      await connectToken(page, token);
      await page.waitForSelector("#fields input", { state: "attached" });
      const office = standIn(page);
      const cancelWhileWriting = async () => {
        await page.waitForFunction(
          () => /Writing to Excel: [1-9][\d,]* of/.test(document.querySelector("#import-status")?.textContent ?? ""),
          undefined,
          { timeout: 120_000 },
        );
        await page.click("#cancel");
        return waitForImportOutcome(page);
      };

      await chooseTable(page, { project: "prj_acme_tower", table: "tbl_orders" });
      await page.click("#import");
      expect(await cancelWhileWriting()).toEqual({
        text: "Import canceled: the workbook was not changed.",
        tone: "warning",
      });
      expect(await office.tables()).toEqual([]);
      expect(await office.sheetNames()).toEqual(["Sheet1"]);
      expect(await office.cellCount()).toBe(0);

      expect((await importTable(page, { project: "prj_acme_tower", table: "tbl_orders" })).tone).toBe("ok");
      await page.click("#imports li button.refresh");
      const canceled = await cancelWhileWriting();
      expect(canceled.tone).toBe("warning");
      const [partial] = await office.tables();
      expect(partial).toMatchObject({ name: "Layer_tbl_orders_partial", sheet: "Orders" });
      expect(partial!.rows).toBeGreaterThan(0);
      expect(partial!.rows).toBeLessThan(120_000);
      expect(canceled.text).toBe(
        `Refresh canceled after ${partial!.rows.toLocaleString("en-US")} rows were written. The old rows were already replaced, so the rows written so far are in the table "Layer_tbl_orders_partial" (${partial!.address}); refresh again to replace it with the whole table.`,
      );

      await page.evaluate(() => {
        document.querySelector("#import-status")!.className = "status";
      });
      await page.click("#imports li button.refresh");
      expect(await waitForImportOutcome(page)).toEqual({
        text: "Refreshed 120,000 rows into Orders!A1:H120001.",
        tone: "ok",
      });
      expect((await office.tables()).map((t) => t.name)).toEqual(["Layer_tbl_orders"]);
      expect(await office.largestRequestBytes()).toBeLessThanOrEqual(4_000_000);
      await context.close();
    } finally {
      await big.close();
    }
  });

  it("on KILL_SWITCH says an administrator disabled the key, in the pane and in cells, and never retries", async () => {
    const { page, context } = await pane();
    const { token, keyId } = await adaToken("Excel - Killed");
    await connectToken(page, token);
    await page.waitForSelector("#fields input", { state: "attached" });
    await api.operator.killKey(keyId);
    try {
      const before = api.requestCount(keyId);
      const cell = await standIn(page).invoke("TABLE", "prj_acme_tower", "tbl_sites", null, null);
      expect(cell.error?.code).toBe("#N/A");
      expect(cell.error?.message).toMatch(/administrator disabled token "Excel - Killed"/);
      expect(api.requestCount(keyId)).toBe(before + 1);
      // The form was filled before the kill (first project, first table): only Import talks to the API now.
      const outcome = await importTable(page, { project: "prj_acme_retail", table: "tbl_stores" });
      expect(outcome.tone).toBe("error");
      expect(outcome.text).toMatch(/administrator disabled token "Excel - Killed" \(key [0-9A-Z]{16}\)/);
      expect(api.requestCount(keyId)).toBe(before + 2);
    } finally {
      await api.operator.restoreKey(keyId);
    }
    await context.close();
  });

  it("on a revoked token (401) names the token and why, guides rotation, and never retries", async () => {
    const { page, context } = await pane();
    const { token, keyId } = await adaToken("Excel - Old");
    await connectToken(page, token);
    // The form's own requests (projects, tables, fields) are done before counting starts.
    await page.waitForSelector("#fields input", { state: "attached" });
    await api.operator.revokeToken(keyId);
    const before = api.requestCount(keyId);
    const cell = await standIn(page).invoke("TOKEN");
    expect(cell.error?.code).toBe("#N/A");
    expect(cell.error?.message).toMatch(/Token "Excel - Old" was revoked/);
    expect(api.requestCount(keyId)).toBe(before + 1);
    // Reopening the pane re-checks the stored token and shows the rotation guidance.
    await page.reload();
    await page.waitForSelector("#banner:not([hidden])");
    const banner = await page.textContent("#banner-text");
    expect(banner).toMatch(/Excel - Old/);
    expect(banner).toMatch(/revoked/i);
    await context.close();
  });

  it("rotates by hand in the safe order: refuses the same token, warns on another user, switches, then names the old key to revoke", async () => {
    const { page, context } = await pane();
    const old = await adaToken("Excel - Budget");
    await connectToken(page, old.token);
    await page.click("#show-rotate");
    await page.waitForSelector("#rotate-card:not([hidden])");
    expect(await page.getAttribute("#rotate-create-link", "href")).toContain("create=1");

    const verify = async (value: string) => {
      await page.fill("#rotate-input", value);
      await page.evaluate(() => {
        document.querySelector("#rotate-status")!.className = "status";
      });
      await page.click("#rotate-verify");
      await page.waitForFunction(() =>
        /\b(ok|warning|error)\b/.test(document.querySelector("#rotate-status")!.className),
      );
      return statusOf(page, "#rotate-status");
    };
    const same = await verify(old.token);
    expect(same.tone).toBe("error");
    expect(same.text).toMatch(/already connected/);
    expect(await page.isHidden("#rotate-switch")).toBe(true);

    const ben = await api.operator.createToken({ email: "ben@example.com", name: "Excel - Ben", expires: "30d" });
    const other = await verify(ben.token);
    expect(other.tone).toBe("warning");
    expect(other.text).toMatch(/belongs to Ben Okafor/);

    const next = await adaToken("Excel - Budget (new)");
    const good = await verify(next.token);
    expect(good.tone).toBe("ok");
    await page.click("#rotate-switch");
    await page.waitForFunction(() => /Switched/.test(document.querySelector("#rotate-status")?.textContent ?? ""));
    const done = (await statusOf(page, "#rotate-status")).text;
    expect(done).toContain(`revoke the old token "Excel - Budget" (key_id ${old.keyId})`);
    expect(await page.textContent("#who-token")).toBe("Excel - Budget (new)");
    expect((await standIn(page).invoke("TOKEN")).value).toMatch(/^Excel - Budget \(new\):/);
    await expectNoSecretInWorkbook(page, old.token, next.token, ben.token);
    await context.close();
  });

  it("rotates in one click through POST /v1/tokens/self/rotate and shows the old name and key_id", async () => {
    const { page, context } = await pane();
    const old = await adaToken("Excel - Self");
    await connectToken(page, old.token);
    await page.click("#show-rotate");
    await page.selectOption("#rotate-grace", "0");
    await page.click("#rotate-self");
    await page.waitForFunction(() =>
      /Switched|failed/.test(document.querySelector("#rotate-status")?.textContent ?? ""),
    );
    const status = await statusOf(page, "#rotate-status");
    expect(status.tone).toBe("ok");
    expect(status.text).toContain(`"Excel - Self" (key_id ${old.keyId})`);
    const masked = await page.textContent("#who-masked");
    expect(masked).not.toContain(old.keyId);
    expect((await standIn(page).invoke("TOKEN")).value).toMatch(/^Excel - Self:/);
    await context.close();
  });

  it("shows a banner when the token expires within 14 days", async () => {
    const { page, context } = await pane();
    const { token } = await adaToken("Excel - Soon", new Date(Date.now() + 5 * 86_400_000));
    await connectToken(page, token);
    await page.waitForSelector("#banner:not([hidden])");
    expect(await page.textContent("#banner-text")).toMatch(/Excel - Soon/);
    await page.screenshot({ path: join(results, "taskpane-expiring.png"), fullPage: true });
    await context.close();
  });

  it("reports a 429 from the API's limiter: a wait too long for a cell becomes every cell's deadline and says when to retry", async () => {
    // The limiter is a fixed window per (key_id, class) sized by tier: connect under the roomy
    // standard tier, then move the key to a "pilot" tier of one page of rows ("long-running") a
    // minute and spend it.
    const limited = await startTokenApi({
      ordersRows: 100,
      corsOrigins: [server.origin],
      rateLimits: { pilot: { "long-running": 1 } },
    });
    try {
      const { token, keyId } = await limited.operator.createToken({
        email: "ada@example.com",
        name: "Excel - Busy",
        expires: "90d",
      });
      const { page, context } = await openTaskpane(browser, { url: server.url, apiUrl: limited.url });
      expect((await connectToken(page, token)).tone).toBe("ok");
      await page.waitForSelector("#fields input", { state: "attached" });
      await limited.operator.setTier(keyId, "pilot");
      // The minute's one page of rows, spent here; the limiter then refuses the rest of the window
      // (a minute from now, far past a cell's 25 s budget).
      const spent = await fetch(`${limited.url}/v1/projects/prj_acme_tower/tables/tbl_sites/rows?limit=1`, {
        headers: { "X-Api-Key": token },
      });
      expect(spent.status).toBe(200);
      expect(spent.headers.get("x-ratelimit-remaining")).toBe("0");

      const sent = limited.requestCount(keyId);
      const first = await standIn(page).invoke("TABLE", "prj_acme_tower", "tbl_sites", null, null);
      expect(first.error?.code).toBe("#N/A");
      expect(first.error?.message).toMatch(/Rate limit for token "Excel - Busy": try again after/);
      // The cell's request reached the API and was refused there, once: no retry.
      expect(limited.requestCount(keyId)).toBe(sent + 1);
      const second = await standIn(page).invoke("TABLE", "prj_acme_tower", "tbl_stores", null, null);
      expect(second.error?.message).toMatch(/try again after/);
      expect(limited.requestCount(keyId)).toBe(sent + 1);
      await context.close();
    } finally {
      await limited.close();
    }
  });

  it("cannot be used from an origin the API does not allow (the preflight is real)", async () => {
    const strict = await startTokenApi({ ordersRows: 10, corsOrigins: ["https://elsewhere.example"] });
    try {
      const { token } = await strict.operator.createToken({
        email: "ada@example.com",
        name: "Excel - CORS",
        expires: "90d",
      });
      const { page, context } = await openTaskpane(browser, { url: server.url, apiUrl: strict.url });
      const status = await connectToken(page, token);
      expect(status.tone).toBe("error");
      expect(status.text).toMatch(/Cannot reach Layer.*CORS/s);
      await context.close();
    } finally {
      await strict.close();
    }
  });

  it("with the real office.js outside Office shows how to open it in Excel", async () => {
    const { page, context } = await openTaskpane(browser, { url: server.url, office: "real" });
    await page.waitForSelector("#outside-office:not([hidden])", { timeout: 60_000 });
    expect(await page.textContent("#outside-office h2")).toBe("Open this in Excel");
    expect(await page.isHidden("#app")).toBe(true);
    await page.screenshot({ path: join(results, "taskpane-outside-office.png"), fullPage: true });
    await context.close();
  });
});
