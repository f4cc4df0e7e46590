import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@layer/headless-chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiveApi, type LiveApi } from "./support/live-api.js";
import { loadAddon, type VmAddon } from "./support/vm-addon.js";

const SIDEBAR = fileURLToPath(new URL("../dist/Sidebar.html", import.meta.url));
const RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));

// google.script.run as the sidebar sees it: chained handlers, arguments and answers serialized.
const STAND_IN = `
window.google = { script: { run: (function runner(success, failure) {
  return new Proxy({}, { get(_, name) {
    if (name === "withSuccessHandler") return (fn) => runner(fn, failure);
    if (name === "withFailureHandler") return (fn) => runner(success, fn);
    return (...args) => window.__callAddon(String(name), JSON.parse(JSON.stringify(args)))
      .then((v) => success && success(v), (e) => failure && failure(new Error(String(e && e.message || e))));
  } });
})() } };`;

let api: LiveApi;
let browser: Browser;
let addon: VmAddon;
let page: Page;
const calls: string[] = [];

beforeAll(async () => {
  // "pilot": one page of rows a minute, for the rate-limited banner from the API's real limiter.
  api = await startLiveApi({ ordersRows: 10_000, rateLimits: { pilot: { "long-running": 1 } } });
  browser = await launchChromium();
  // 20 s of modelled latency per fetch: each 30 s import step ends part-way, so progress shows.
  // Through the gateway that can stand in for 503 SERVICE_UNAVAILABLE (see live-api-child.mjs).
  addon = loadAddon({ apiUrl: api.gatewayUrl, latencyMs: 20_000 });
  page = await browser.newPage({ viewport: { width: 300, height: 760 } });
  await page.exposeFunction("__callAddon", (name: string, args: unknown[]) => {
    calls.push(name);
    return addon.call(name, ...args);
  });
  addon.call("showConnectToken");
  // Apps Script serves the sidebar with google.script already defined: put the stand-in first.
  await page.setContent(readFileSync(SIDEBAR, "utf8").replace("<head>", () => `<head><script>${STAND_IN}</script>`));
  mkdirSync(RESULTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await addon?.close();
  await api?.close();
});

describe("the sidebar in headless Chromium, wired to Code.js in the vm", () => {
  it("connect: shows a paste mistake, then the verified token's user, name, masked value and expiry", async () => {
    const { token, keyId } = await api.createToken({
      email: "ada@example.com",
      name: "Google Sheets - Budget 2026",
      expires: "90d",
    });
    await expect
      .poll(() => page.locator("#create-link").getAttribute("href"))
      .toContain("create=1&name=Google%20Sheets%20-%20Budget%202026&expires=90d");
    await page.fill("#token", `Bearer ${token}`);
    await page.click("#connect");
    await expect.poll(() => page.locator("#banner").textContent()).toMatch(/Bearer/i);
    await page.fill("#token", token);
    await page.click("#connect");
    await expect.poll(() => page.locator("[data-testid=token-card]").first().textContent()).toContain("Ada Lovelace");
    const card = await page.locator("[data-testid=token-card]").first().textContent();
    expect(card).toContain(`lp_live_${keyId}_…`);
    expect(card).toMatch(/Expires: \d{4}-\d{2}-\d{2}/);
    expect(await page.content()).not.toContain(token);
    await page.screenshot({ path: `${RESULTS}sidebar-connect.png`, fullPage: true });
  });

  it("import: project → table → fields → new sheet, with progress over several steps", async () => {
    await page.click("nav button[data-view=import]");
    await expect.poll(() => page.locator("#project option").count()).toBeGreaterThan(1);
    await page.selectOption("#project", "prj_acme_tower");
    await expect.poll(() => page.locator("#table option").count()).toBeGreaterThan(1);
    await page.selectOption("#table", "tbl_orders");
    await expect.poll(() => page.locator("#fields input").count()).toBe(8);
    await page.uncheck("#fields input[value=note]");
    const stepsBefore = calls.filter((c) => c === "importStep").length;
    await page.click("#start-import");
    await expect.poll(() => page.locator("#banner").textContent(), { timeout: 60_000 }).toMatch(/Imported \d+ rows/);
    expect(calls.filter((c) => c === "importStep").length - stepsBefore).toBeGreaterThan(1);
    expect(await page.locator("[data-testid=progress]").first().textContent()).toMatch(/of 10,000 rows/);
    const sheet = addon.gas.SpreadsheetApp.spreadsheet.getSheetByName("Orders");
    expect(sheet?.cells[0]).toEqual(["order_id", "customer", "region", "amount", "paid", "order_date", "updated_at"]);
    await page.screenshot({ path: `${RESULTS}sidebar-import.png`, fullPage: true });
  });

  it("import with conditions and a sort: the builder's filter is saved and Refresh gives exactly those rows", async () => {
    const orders = addon.gas.SpreadsheetApp.spreadsheet.getSheetByName("Orders")!;
    const header = orders.cells[0] as string[];
    const at = (name: string) => header.indexOf(name);
    const expected = (orders.cells.slice(1) as unknown[][])
      .filter((r) => r[at("region")] === "North" && (r[at("amount")] as number) >= 500)
      .sort((a, b) => (b[at("amount")] as number) - (a[at("amount")] as number) || (a[0] as number) - (b[0] as number))
      .map((r) => r[0]);
    expect(expected.length).toBeGreaterThan(10);

    await page.selectOption("#project", "prj_acme_tower");
    await expect.poll(() => page.locator("#table option").count()).toBeGreaterThan(1);
    await page.selectOption("#table", "tbl_orders");
    await expect.poll(() => page.locator("#add-condition").isDisabled()).toBe(false);
    // Keyboard: the builder's controls are plain, labelled form controls.
    await page.focus("#add-condition");
    await page.keyboard.press("Enter");
    await page.click("#add-condition");
    const conditions = page.locator("#conditions [role=group]");
    await expect.poll(() => conditions.count()).toBe(2);
    await conditions.nth(0).getByLabel("Column").selectOption("region");
    await conditions.nth(0).getByLabel("Operator").selectOption("eq");
    await conditions.nth(0).getByLabel("Value").fill("North");
    await conditions.nth(1).getByLabel("Column").selectOption("amount");
    expect(await conditions.nth(1).getByLabel("Operator").locator("option").allTextContents()).not.toContain(
      "contains",
    );
    await conditions.nth(1).getByLabel("Operator").selectOption("ge");
    await conditions.nth(1).getByLabel("Value").fill("five hundred");
    await page.click("#start-import");
    await expect
      .poll(() => page.locator("#banner").textContent())
      .toBe('Condition 2: "five hundred" is not a number value for amount.');
    expect(await conditions.nth(1).getByLabel("Value").getAttribute("aria-invalid")).toBe("true");
    await conditions.nth(1).getByLabel("Value").fill("500");
    await page.selectOption("#sort-column", "amount");
    await page.selectOption("#sort-order", "desc");
    await page.click("#start-import");
    await expect.poll(() => page.locator("#banner").textContent(), { timeout: 60_000 }).toMatch(/Imported \d+ rows/);
    expect(await page.locator("[data-testid=import-filter]").textContent()).toBe(
      "Rows: (region eq 'North') and (amount ge 500)",
    );
    const filtered = addon.gas.SpreadsheetApp.spreadsheet.getSheetByName("Orders (2)")!;
    const ids = () => (filtered.cells.slice(1) as unknown[][]).map((r) => r[0]).filter((v) => v !== "" && v != null);
    expect(ids()).toEqual(expected);

    // Refresh runs the saved definition: the same rows again, over hand edits.
    filtered.write(2, 1, "edited");
    addon.gas.UrlFetchApp.latencyMs = 0;
    const card = page.locator("[data-import]", { hasText: "→ Orders (2)" });
    await card.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => ids(), { timeout: 60_000 }).toEqual(expected);
    addon.gas.UrlFetchApp.latencyMs = 20_000;
    await page.screenshot({ path: `${RESULTS}sidebar-import-filter.png`, fullPage: true });
  });

  it("error banner: a revoked token is named, with why and the way to rotate", async () => {
    const state = addon.call<{ ok: true; value: { current: { keyId: string } } }>("sidebarState");
    await api.revokeToken(state.value.current.keyId);
    addon.gas.UrlFetchApp.latencyMs = 0;
    await page.locator("[data-import] button").first().click();
    await expect
      .poll(() => page.locator("#banner").textContent())
      .toMatch(/token "Google Sheets - Budget 2026" was revoked on \d{4}-\d{2}-\d{2}\. Rotate it/);
    expect(await page.locator("#banner").getAttribute("class")).toBe("error");
    await page.screenshot({ path: `${RESULTS}sidebar-error.png`, fullPage: true });
  });

  it("rotation: paste the new token, switch, then see the old name and key_id to revoke", async () => {
    const old = addon.call<{ ok: true; value: { current: { keyId: string } } }>("sidebarState").value.current.keyId;
    const next = await api.createToken({
      email: "ada@example.com",
      name: "Google Sheets - Budget 2026 (2)",
      expires: "90d",
    });
    await page.click("nav button[data-view=rotate]");
    await page.fill("#new-token", next.token);
    await page.click("#rotate");
    await expect.poll(() => page.locator("#rotation-result").textContent()).toContain(old);
    expect(await page.locator("#rotation-result").textContent()).toContain("Google Sheets - Budget 2026");
    expect(await page.locator("#banner").textContent()).toMatch(/Now using "Google Sheets - Budget 2026 \(2\)"/);
    expect(await page.locator("[data-testid=token-card]").first().textContent()).toContain(next.keyId);
    await page.screenshot({ path: `${RESULTS}sidebar-rotate.png`, fullPage: true });
  });

  it("error banners: rate-limited, unavailable and disabled each say what happened and when or who", async () => {
    const current = addon.call<{ ok: true; value: { current: { keyId: string } } }>("sidebarState").value.current.keyId;
    await page.click("nav button[data-view=import]");
    const refresh = page.locator("[data-import] button").first();
    const bannerText = () => page.locator("#banner").textContent();

    // The key moves to the one-page-a-minute tier. At 9.9 s per UrlFetch in the 30 s step, the
    // schema and the first page pass and the second page's 429 comes with 0.3 s left: less than
    // any Retry-After, so the step stops at once whatever the limiter's window has left.
    await api.setTier(current, "pilot");
    addon.gas.UrlFetchApp.latencyMs = 9_900;
    const sent = await api.requestCount(current);
    await refresh.click();
    await expect
      .poll(bannerText)
      .toMatch(/Layer is rate-limiting token "Google Sheets - Budget 2026 \(2\)"\. Try again after \d\d:\d\d UTC/);
    expect((await api.requestCount(current)) - sent).toBe(3);
    await page.screenshot({ path: `${RESULTS}sidebar-rate-limited.png`, fullPage: true });

    await api.armUnavailable(1, 120);
    await refresh.click();
    await expect.poll(bannerText).toMatch(/Layer is unavailable right now\. Try again after/);

    await api.killKey(current);
    await refresh.click();
    await expect.poll(bannerText).toMatch(/An administrator disabled Layer token "Google Sheets - Budget 2026 \(2\)"/);
    expect(await page.locator("#banner").getAttribute("class")).toBe("error");
    await page.screenshot({ path: `${RESULTS}sidebar-kill-switch.png`, fullPage: true });
    await api.restoreKey(current);
  });

  it("reach: the token's access and projects show, and the organization picker only for a user in several, narrowing the project list", async () => {
    addon.gas.UrlFetchApp.latencyMs = 100;
    await page.click("nav button[data-view=connect]");
    await expect.poll(() => page.locator("[data-testid=token-access]").textContent()).toBe("Access: read and write");
    expect(await page.locator("[data-testid=token-projects]").textContent()).toBe("Projects: Acme Retail, Acme Tower");
    expect(await page.locator("#organization").count()).toBe(0);

    await api.joinOrganization({ organizationId: "org_acme", email: "chen@example.com", projectId: "prj_acme_retail" });
    const chen = await api.createToken({ email: "chen@example.com", name: "Google Sheets - Chen", expires: "90d" });
    await page.fill("#token", chen.token);
    await page.click("#connect");
    await expect.poll(() => page.locator("#organization").count()).toBe(1);
    expect(await page.locator("#organization option").allTextContents()).toEqual([
      "All my organizations",
      "Acme Analytics (org_acme)",
      "Borealis Data (org_borealis)",
    ]);
    await page.selectOption("#organization", "org_borealis");
    await expect.poll(() => page.locator("#banner").textContent()).toMatch(/^Listing Borealis Data's projects only/);
    expect(await page.locator("[data-testid=token-projects]").textContent()).toBe("Projects: Borealis Grid");
    await page.screenshot({ path: `${RESULTS}sidebar-organization.png`, fullPage: true });

    await page.click("nav button[data-view=import]");
    await expect
      .poll(() => page.locator("#project option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)))
      .toEqual(expect.arrayContaining(["prj_borealis_grid"]));
    const values = await page
      .locator("#project option")
      .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(values.filter((v) => v.startsWith("prj_"))).toEqual(["prj_borealis_grid"]);
    expect(await page.content()).not.toContain(chen.token);
  });
});
