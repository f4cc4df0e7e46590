// Drives the BUILT task pane in headless Chromium: shared by the browser tests and the benchmark.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@layer/headless-chromium";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const STAND_IN = readFileSync(join(here, "office-stand-in.js"), "utf8");
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";

// The suite's one launcher (CHROME_PATH or the system Chromium, offline flags): docs/hosts.md.
export { chromiumPath } from "@layer/headless-chromium";
export const launchBrowser = () => launchChromium();

/**
 * Opens the task pane. `office`: "stand-in" (in-memory workbook) or "real" (@microsoft/office-js,
 * which outside Office reports no host). Every other outside request is refused: no internet here.
 */
export async function openTaskpane(browser, { url, apiUrl, office = "stand-in", standIn = {} }) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 380, height: 1100 } });
  // Two shared cores and several jobs at once: waits are generous, never assertions of speed.
  context.setDefaultTimeout(60_000);
  if (apiUrl) await context.addInitScript((api) => localStorage.setItem("layer.apiBaseUrl", api), apiUrl);
  await context.addInitScript((cfg) => {
    window.__standInConfig = cfg;
  }, standIn);
  const officeDist = office === "real" ? dirname(require.resolve("@microsoft/office-js/dist/office.js")) : null;
  await context.route(`${OFFICE_CDN}**`, async (route) => {
    if (!officeDist) return route.fulfill({ contentType: "text/javascript", body: STAND_IN });
    const file = normalize(join(officeDist, new URL(route.request().url()).pathname.slice("/lib/1/hosted/".length)));
    if (!file.startsWith(officeDist + sep) || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ contentType: "text/javascript", body: readFileSync(file) });
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  await page.goto(url);
  return { page, context, consoleErrors };
}

/** Pastes a token into the Connect form and waits for the verdict; returns the status line. */
export async function connectToken(page, token) {
  await page.fill("#token-input", token);
  await page.click("#connect");
  await page.waitForFunction(() => {
    const s = document.querySelector("#connect-status");
    return s && (s.classList.contains("ok") || s.classList.contains("error") || s.classList.contains("warning"));
  });
  return statusOf(page, "#connect-status");
}

export async function statusOf(page, selector) {
  return page.$eval(selector, (el) => ({
    text: el.textContent ?? "",
    tone: el.className.replace("status", "").trim(),
  }));
}

/** Chooses a project and table in the Import card and waits for its fields. */
export async function chooseTable(page, { project, table }) {
  await page.waitForSelector(`#project option[value="${project}"]`, { state: "attached" });
  if ((await page.$eval("#project", (s) => s.value)) !== project) await page.selectOption("#project", project);
  await page.waitForSelector(`#table option[value="${table}"]`, { state: "attached" });
  if ((await page.$eval("#table", (s) => s.value)) !== table) await page.selectOption("#table", table);
  await page.waitForFunction(
    (t) =>
      document.querySelector("#sheet")?.value &&
      document.querySelectorAll("#fields input").length > 0 &&
      document.querySelector("#table")?.value === t,
    table,
    // The fields come from the live API: after earlier scenarios a read may wait out a rate-limit
    // window (60 s) first, as a user's pane would.
    { timeout: 120_000 },
  );
}

/** Chooses a project and table in the Import card, clicks Import, waits for the outcome. */
export async function importTable(page, { project, table, fields, sheet, timeoutMs = 120_000 }) {
  await chooseTable(page, { project, table });
  if (fields) {
    for (const box of await page.$$("#fields input")) {
      const name = await box.getAttribute("value");
      if (fields.includes(name) !== (await box.isChecked())) await box.click();
    }
  }
  if (sheet) await page.fill("#sheet", sheet);
  await page.evaluate(() => {
    document.querySelector("#import-status").className = "status";
  });
  await page.click("#import");
  return waitForImportOutcome(page, timeoutMs);
}

export async function waitForImportOutcome(page, timeoutMs = 120_000) {
  await page.waitForFunction(
    () => {
      const s = document.querySelector("#import-status");
      return s && /\b(ok|error|warning)\b/.test(s.className) && document.querySelector("#cancel")?.hidden;
    },
    undefined,
    { timeout: timeoutMs },
  );
  return statusOf(page, "#import-status");
}

export function standIn(page) {
  return {
    invoke: (id, ...args) => page.evaluate(([i, a]) => window.__officeStandIn.invoke(i, ...a), [id, args]),
    tables: () => page.evaluate(() => window.__officeStandIn.tables()),
    tableValues: (name, limit) => page.evaluate(([n, l]) => window.__officeStandIn.tableValues(n, l), [name, limit]),
    syncs: () => page.evaluate(() => window.__officeStandIn.syncs()),
    syncLog: () => page.evaluate(() => window.__officeStandIn.syncLog()),
    largestRequestBytes: () => page.evaluate(() => window.__officeStandIn.largestRequestBytes()),
    sheetNames: () => page.evaluate(() => window.__officeStandIn.sheetNames()),
    cellCount: () => page.evaluate(() => window.__officeStandIn.cellCount()),
    settings: () => page.evaluate(() => window.__officeStandIn.settings()),
    workbookContains: (needle) => page.evaluate((n) => window.__officeStandIn.workbookContains(n), needle),
    headerBold: (name) => page.evaluate((n) => window.__officeStandIn.headerBold(n), name),
    numberFormatAt: (sheet, address) =>
      page.evaluate(([s, a]) => window.__officeStandIn.numberFormatAt(s, a), [sheet, address]),
    functionIds: () => page.evaluate(() => window.__officeStandIn.functionIds()),
  };
}
