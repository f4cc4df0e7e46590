/**
 * The Excel task pane (built, in headless Chromium, stand-in office.js with an in-memory
 * workbook) through a token's life, against one live token API on another origin (real CORS).
 * Tokens come from the operator; requests are counted at the API.
 */
import { startAddinServer, type AddinServer } from "@layer/excel/server";
import { connectToken, launchBrowser, openTaskpane, standIn, statusOf } from "@layer/excel/testing";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PILOT_LIMITS, spendUntilLimited } from "../support/limits.js";
import { joinOrganization } from "../support/organizations.js";

const DAY = 86_400_000;
let server: AddinServer;
let api: TokenApi;
let browser: Browser;

beforeAll(async () => {
  server = await startAddinServer({ port: 0, certDir: null });
  api = await startTokenApi({ ordersRows: 2_000, corsOrigins: [server.origin], rateLimits: PILOT_LIMITS });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await server?.close();
});

/** A task pane connected with a new token of `email`, its form loaded (those requests are done). */
async function connectedPane(name: string, options: { email?: string; expiresAt?: Date } = {}) {
  const created = await api.operator.createToken({
    email: options.email ?? "ada@example.com",
    name,
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : { expires: "90d" as const }),
  });
  const { page, context } = await openTaskpane(browser, { url: server.url, apiUrl: api.url });
  const status = await connectToken(page, created.token);
  expect(status.tone).not.toBe("error");
  await page.waitForSelector("#fields input", { state: "attached" });
  return { ...created, page, context };
}

// Each distinct limit is a distinct request: the pane briefly keeps identical results.
const sites = (page: Page, limit: number | null = null) =>
  standIn(page).invoke("TABLE", "prj_acme_tower", "tbl_sites", null, limit);

/** The API requests (preflights aside) the page sends while `action` runs. */
async function apiRequestsDuring(page: Page, action: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const record = (request: { method(): string; url(): string }) => {
    if (request.method() !== "OPTIONS" && request.url().startsWith(api.url))
      seen.push(`${request.method()} ${new URL(request.url()).pathname}`);
  };
  page.on("request", record);
  try {
    await action();
  } finally {
    page.off("request", record);
  }
  return seen;
}

describe("Excel through a token's life", () => {
  it("warns about a token expiring in 3 days, by name", async () => {
    const { page, context } = await connectedPane("Excel - Soon", { expiresAt: new Date(Date.now() + 3 * DAY) });
    await page.waitForSelector("#banner:not([hidden])");
    expect(await page.textContent("#banner-text")).toMatch(/Excel - Soon/);
    expect((await standIn(page).invoke("TOKEN")).value).toMatch(/^Excel - Soon: expires in [23] days?$/);
    await context.close();
  });

  it("on a revoked token shows rotation guidance naming it, and sends no retry", async () => {
    const { page, context, keyId } = await connectedPane("Excel - Revoked");
    await api.operator.revokeToken(keyId);
    const before = api.requestCount(keyId);
    const cell = await sites(page);
    expect(cell.error?.code).toBe("#N/A");
    expect(cell.error?.message).toMatch(/Token "Excel - Revoked" was revoked/);
    expect(api.requestCount(keyId)).toBe(before + 1);
    // Reopened, the pane checks the stored token and shows the guidance: no request twice.
    const reopened = await apiRequestsDuring(page, async () => {
      await page.reload();
      await page.waitForSelector("#banner:not([hidden])");
    });
    const banner = (await page.textContent("#banner-text")) ?? "";
    expect(banner).toMatch(/Excel - Revoked/);
    expect(banner).toMatch(/revoked/i);
    expect(reopened.length).toBeGreaterThan(0);
    expect(new Set(reopened).size).toBe(reopened.length);
    expect(api.requestCount(keyId)).toBe(before + 1 + reopened.length);
    await context.close();
  });

  it("on a killed key says an administrator disabled it with no retry storm; restored, it works again", async () => {
    const { page, context, keyId } = await connectedPane("Excel - Killed");
    await api.operator.killKey(keyId);
    const before = api.requestCount(keyId);
    for (let i = 0; i < 3; i++) {
      const cell = await sites(page);
      expect(cell.error?.message).toMatch(/administrator disabled token "Excel - Killed"/);
    }
    expect(api.requestCount(keyId) - before).toBeLessThanOrEqual(3); // one request per recalculation at most
    await api.operator.restoreKey(keyId);
    const again = await sites(page);
    expect(again.error).toBeUndefined();
    expect((again.value as unknown[][]).length).toBe(13); // header + 12 sites
    await context.close();
  });

  it("when rate limited stops and says when to try again, and holds every cell to that deadline", async () => {
    const { page, context, keyId, token } = await connectedPane("Excel - Busy");
    await api.operator.setTier(keyId, "pilot");
    const retryAfterSeconds = await spendUntilLimited(api.url, token);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const first = await sites(page);
    expect(first.error?.message).toMatch(/Rate limit for token "Excel - Busy": try again after/);
    const sent = api.requestCount(keyId);
    const second = await standIn(page).invoke("TABLE", "prj_acme_retail", "tbl_stores", null, null);
    expect(second.error?.message).toMatch(/try again after/);
    expect(api.requestCount(keyId)).toBe(sent);
    await context.close();
  });

  it("rotates in the safe order and keeps working at every step", async () => {
    const { page, context, keyId: oldKeyId } = await connectedPane("Excel - Budget");
    let limit = 1;
    const works = async () => expect((await sites(page, limit++)).error).toBeUndefined();
    await works();
    const next = await api.operator.createToken({
      email: "ada@example.com",
      name: "Excel - Budget (new)",
      expires: "90d",
    }); // created
    await works();
    await page.click("#show-rotate");
    await page.fill("#rotate-input", next.token); // pasted
    await page.click("#rotate-verify"); // verified
    await page.waitForFunction(() =>
      /\b(ok|warning|error)\b/.test(document.querySelector("#rotate-status")!.className),
    );
    expect((await statusOf(page, "#rotate-status")).tone).toBe("ok");
    await works();
    await page.click("#rotate-switch"); // switched
    await page.waitForFunction(() => /Switched/.test(document.querySelector("#rotate-status")?.textContent ?? ""));
    expect((await statusOf(page, "#rotate-status")).text).toContain(`"Excel - Budget" (key_id ${oldKeyId})`);
    await works();
    await api.operator.revokeToken(oldKeyId); // old revoked
    const oldCount = api.requestCount(oldKeyId);
    await works();
    expect((await standIn(page).invoke("TOKEN")).value).toMatch(/^Excel - Budget \(new\):/);
    expect(api.requestCount(oldKeyId)).toBe(oldCount);
    await context.close();
  });

  it("reports a project as not found after its owner is removed from it, without crashing", async () => {
    const { page, context } = await connectedPane("Excel - Ben", { email: "ben@example.com" });
    expect((await sites(page)).error).toBeUndefined();
    await api.operator.removeMember("prj_acme_tower", "ben@example.com");
    const cell = await sites(page, 5);
    expect(cell.error?.code).toBe("#VALUE!");
    expect(cell.error?.message).toMatch(/No such project or table visible to token/);
    expect((await standIn(page).invoke("TOKEN")).value).toMatch(/^Excel - Ben/); // the pane and token still work
    await context.close();
  });
});

describe("Excel and what a token reaches", () => {
  const projectChoices = (page: Page) =>
    page.$$eval("#project option", (options) => options.map((o) => (o as HTMLOptionElement).value).sort());

  it("a read-only token limited to one project: the pane says so, the picker lists only it, another project's rows are not found", async () => {
    const created = await api.operator.createToken({
      email: "ada@example.com",
      name: "Excel - Tower only",
      expires: "90d",
      access: "read",
      projectIds: ["prj_acme_tower"],
    });
    const { page, context } = await openTaskpane(browser, { url: server.url, apiUrl: api.url });
    expect((await connectToken(page, created.token)).tone).toBe("ok");
    await page.waitForSelector("#who-reach:not([hidden])");
    expect(await page.textContent("#who-access")).toBe("Read-only");
    expect(await page.textContent("#who-projects")).toBe("Only Acme Tower");
    await page.waitForSelector("#fields input", { state: "attached" });
    expect(await projectChoices(page)).toEqual(["prj_acme_tower"]);
    expect(await page.isHidden("#organization-row")).toBe(true);
    const other = await standIn(page).invoke("TABLE", "prj_acme_retail", "tbl_stores", null, 5);
    expect(other.error?.code).toBe("#VALUE!");
    expect(other.error?.message).toMatch(/No such project or table visible to token "Excel - Tower only"/);
    expect((await sites(page, 3)).error).toBeUndefined();
    await context.close();
  });

  it("shows the organization picker only to a user in several, narrows the project picker to the one chosen, and remembers it", async () => {
    const single = await connectedPane("Excel - One organization");
    await single.page.waitForSelector("#who-reach:not([hidden])");
    expect(await single.page.isHidden("#organization-row")).toBe(true);
    await single.context.close();

    await joinOrganization(api, {
      organizationId: "org_acme",
      email: "chen@example.com",
      projectId: "prj_acme_retail",
    });
    const { page, context, token } = await connectedPane("Excel - Chen", { email: "chen@example.com" });
    await page.waitForSelector("#organization-row:not([hidden])");
    expect(
      await page.$$eval("#organization option", (options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(["", "org_acme", "org_borealis"]);
    expect(await projectChoices(page)).toEqual(["prj_acme_retail", "prj_borealis_grid"]);

    await page.selectOption("#organization", "org_borealis");
    await page.waitForFunction(() => document.querySelectorAll("#project option").length === 1);
    expect(await projectChoices(page)).toEqual(["prj_borealis_grid"]);
    expect(await statusOf(page, "#organization-status")).toMatchObject({ tone: "ok" });
    expect(await page.textContent("#who-projects")).toBe("Borealis Grid");
    // A cell that names a project of the other organization keeps reading it.
    expect((await standIn(page).invoke("TABLE", "prj_acme_retail", "tbl_stores", null, 2)).error).toBeUndefined();

    // Remembered with the token, per user: the pane opened again lists Borealis only.
    await page.reload();
    await page.waitForSelector("#organization-row:not([hidden])");
    await page.waitForFunction(() => document.querySelectorAll("#project option").length === 1);
    expect(await page.inputValue("#organization")).toBe("org_borealis");
    expect(await standIn(page).workbookContains("org_borealis")).toBe(false);
    expect(await standIn(page).workbookContains(token.slice(-43))).toBe(false);
    await context.close();
  });
});
