import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { launchChromium } from "@layer/headless-chromium";
import { whoami } from "../testing/account-client.js";

/** The machine is shared and loaded: give the page time rather than fail on a slow frame. */
const POLL = { timeout: 20_000 };
const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));

describe("the account page in Chromium", () => {
  let api: TokenApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Script errors and CSP violations on the page: none is expected in any scenario. */
  let pageErrors: string[];

  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: api.url });
    page = await context.newPage();
    pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      // Failed requests the test provokes on purpose (401 wrong password, 403 CSRF) are not page errors.
      if (message.type() === "error" && !/status of (401|403)/.test(message.text())) pageErrors.push(message.text());
    });
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors).toEqual([]);
  });

  async function signIn(email = "ada@example.com", password = "layer-demo") {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  it("refuses a wrong password and signs in with the right one", async () => {
    await page.goto(`${api.url}/account/api`);
    await signIn("ada@example.com", "wrong-password");
    await expect.poll(() => page.locator("#sign-in-error").textContent(), POLL).toContain("wrong");
    expect(await page.locator("#account").isHidden()).toBe(true);
    await signIn();
    await page.getByRole("heading", { name: "Personal API tokens" }).waitFor();
    expect(await page.locator("#signed-in-as").textContent()).toContain("Ada Lovelace");
  });

  it("creates a token, copies it from the page, and it works; after the dialog it is gone from the DOM", async () => {
    await page.goto(`${api.url}/account/api`);
    await signIn();
    await page.getByRole("button", { name: "Create Token" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Power BI - Acme Tower");
    await page.getByLabel("1 year").check();
    await page.getByLabel("No expiration").check();
    expect(await page.locator("#never-caution").isVisible()).toBe(true);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: `${RESULTS}account-create-dialog.png` });
    await page.getByLabel("90 days").check();
    expect(await page.locator("#never-caution").isHidden()).toBe(true);
    await page.getByRole("button", { name: "Generate" }).click();
    await page.locator("#created-token").waitFor();
    expect(await page.locator("#created").textContent()).toContain("will not be shown again");

    await page.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => page.locator("#copy-status").textContent(), POLL).toContain("Copied");
    const copied = await page.evaluate<string>("navigator.clipboard.readText()");
    expect(copied).toMatch(/^lp_live_[0-9A-Z]{16}_[A-Za-z0-9_-]{43}$/);
    expect(await page.locator("#created-token").inputValue()).toBe(copied);

    const me = await whoami(api.url, copied);
    expect(me.status).toBe(200);
    expect(me.body.token.name).toBe("Power BI - Acme Tower");

    await page.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => page.locator("#created-token").count(), POLL).toBe(0);
    expect(await page.locator("#create-dialog").isVisible()).toBe(false);
    expect(await page.content()).not.toContain(copied.split("_").slice(3).join("_"));
    // The list shows it masked, newest first.
    const first = page.locator("#token-rows tr").first();
    await expect.poll(() => first.locator(".token-name").textContent(), POLL).toBe("Power BI - Acme Tower");
    expect(await first.locator(".masked").textContent()).toBe(`${copied.split("_").slice(0, 3).join("_")}_…`);
  });

  it("renames inline (the token keeps working) and revokes after a confirmation (then 401)", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ben@example.com",
      name: "Excel - Budget",
      expires: "30d",
    });
    await page.goto(`${api.url}/account/api`);
    await signIn("ben@example.com");
    const row = page.locator(`tr[data-key-id="${keyId}"]`);
    await row.getByRole("button", { name: "Rename Excel - Budget" }).click();
    const input = row.getByLabel("New name for Excel - Budget");
    await input.fill("Excel - Budget 2027");
    await input.press("Enter");
    await expect.poll(() => row.locator(".token-name").textContent(), POLL).toBe("Excel - Budget 2027");
    const renamed = await whoami(api.url, token);
    expect(renamed.status).toBe(200);
    expect(renamed.body.token.name).toBe("Excel - Budget 2027");

    await row.getByRole("button", { name: "Revoke Excel - Budget 2027" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke token?" });
    expect(await dialog.textContent()).toContain("cannot be undone");
    await dialog.getByRole("button", { name: "Revoke token" }).click();
    await expect.poll(() => row.count(), POLL).toBe(0);
    const after = await whoami(api.url, token);
    expect(after.status).toBe(401);
    expect(after.body.error.details.reason).toBe("revoked");
  });

  it("opens the create dialog pre-filled from a rotation link, after signing in", async () => {
    await page.goto(`${api.url}/account/api?create=1&name=${encodeURIComponent("Google Sheets - Q3")}&expires=1y`);
    await signIn("chen@example.com");
    await page.getByRole("dialog", { name: "Create Token" }).waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Google Sheets - Q3");
    expect(await page.getByLabel("1 year").isChecked()).toBe(true);
    expect(new URL(page.url()).search).toBe("");
    // Keyboard: Escape closes the dialog and nothing was created.
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog", { name: "Create Token" }).isVisible(), POLL).toBe(false);
    expect(await page.locator("#token-rows tr").count()).toBe(0);
  });

  it("refuses a mutation sent without the CSRF token, even from the page itself", async () => {
    await page.goto(`${api.url}/account/api`);
    await signIn("ben@example.com");
    await page.getByRole("heading", { name: "Personal API tokens" }).waitFor();
    // Page scripts run in the browser: passed as source so that Node's types need no DOM.
    const status = await page.evaluate(`(async () => {
      const res = await fetch("/v1/tokens", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: "no csrf", expiresIn: "30d" }),
      });
      return { status: res.status, code: (await res.json()).error.code };
    })()`);
    expect(status).toEqual({ status: 403, code: "FORBIDDEN" });
  });

  it("is usable with the keyboard alone: tab to Create Token, fill, generate, close", async () => {
    await page.goto(`${api.url}/account/api`);
    await signIn("chen@example.com");
    await page.getByRole("heading", { name: "Personal API tokens" }).waitFor();
    await page.locator("#filter").focus();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate("document.activeElement?.id")).toBe("create-open");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement?.id")).toBe("create-name");
    await page.keyboard.type("Keyboard token");
    await page.keyboard.press("Enter");
    await page.locator("#created-token").waitFor();
    expect(await page.evaluate("document.activeElement?.id")).toBe("copy-token");
    await page.keyboard.press("Escape");
    // The dialog's close event is queued as a task: wait for it rather than race it.
    await expect.poll(() => page.locator("#created-token").count(), POLL).toBe(0);
    await expect.poll(() => page.evaluate("document.activeElement?.id"), POLL).toBe("create-open");
    // Every form control has an accessible name.
    const unlabelled = await page.evaluate(`[...document.querySelectorAll("input, select, button")]
      .filter((el) => !el.hidden && el.closest("[hidden]") === null)
      .filter((el) => !el.labels?.length && !el.getAttribute("aria-label") && !el.textContent.trim())
      .map((el) => el.outerHTML)`);
    expect(unlabelled).toEqual([]);
  });

  it("shows owners who holds tokens, and saves a screenshot of the API tab", async () => {
    await api.operator.createToken({ email: "ben@example.com", name: "Ben - Power BI", expires: "90d" });
    const used = await api.operator.createToken({
      email: "ada@example.com",
      name: "Claude Desktop MCP server",
      expires: "1y",
    });
    await whoami(api.url, used.token);
    const legacy = await api.operator.createToken({
      email: "ada@example.com",
      name: "Single token (2024)",
      legacy: true,
    });
    await api.operator.createToken({ email: "ada@example.com", name: "Daily backup script", expires: "never" });
    await page.goto(`${api.url}/account/api`);
    await signIn();
    await page.getByRole("heading", { name: "Who holds tokens in your organizations" }).waitFor();
    await expect
      .poll(() => page.locator("#holders-body").textContent(), POLL)
      .toContain("Ben Okafor (ben@example.com)");
    expect(await page.locator("#holders-body").textContent()).toContain("Ben - Power BI");
    const legacyRow = page.locator(`tr[data-key-id="${legacy.keyId}"]`);
    expect(await legacyRow.locator(".env").textContent()).toBe("legacy");
    expect(await legacyRow.locator(".masked").textContent()).toBe(`${legacy.keyId}…`);
    await page.getByLabel("Filter by name").fill("claude");
    await expect.poll(() => page.locator("#token-rows tr").count(), POLL).toBe(1);
    expect(await page.locator("#token-rows tr td").nth(4).textContent()).toBe("just now");
    await page.getByLabel("Filter by name").fill("");
    await expect.poll(() => page.locator("#token-rows tr").count(), POLL).toBeGreaterThan(1);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: `${RESULTS}account-api-tab.png`, fullPage: true });
  });
});
