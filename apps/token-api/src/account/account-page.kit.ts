import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { launchChromium } from "@layer/headless-chromium";
import { type StartTokenApiOptions, startTokenApi, type TokenApi } from "../testing/index.js";

/** The machine is shared and loaded: give the page time rather than fail on a slow frame. */
export const POLL = { timeout: 20_000 };

/** Where scenarios leave screenshots for a reviewer (Playwright creates the folder). */
export const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));

/**
 * How the API tab fits the window: cells reaching outside the tab's card, token tables scrolling
 * inside their card, and whether the page itself scrolls sideways. All zero/false when it fits.
 */
export function tableFit(page: Page): Promise<{ cellsOutside: number; cardsScrolling: number; pageScrolls: boolean }> {
  return page.evaluate(`(() => {
    const panel = document.getElementById("panel-api").getBoundingClientRect();
    const cellsOutside = [...document.querySelectorAll("#panel-api table, #panel-api tr, #panel-api td")]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && (r.left < panel.left - 0.5 || r.right > panel.right + 0.5)).length;
    const cardsScrolling = [...document.querySelectorAll(".table-card")].filter((c) => c.scrollWidth > c.clientWidth).length;
    return { cellsOutside, cardsScrolling, pageScrolls: document.documentElement.scrollWidth > window.innerWidth };
  })()`);
}

/** What `tableFit` says of a page that fits. */
export const FITS = { cellsOutside: 0, cardsScrolling: 0, pageScrolls: false };

export interface AccountPageKit {
  readonly api: TokenApi;
  readonly page: Page;
  /** Moves the API's clock (never the test's): expiries, overlaps and sessions end without waiting. */
  advanceApiClock(ms: number): void;
  /** How far ahead of the test's clock the API's runs now. */
  readonly apiClockOffsetMs: number;
  /** Opens the account page and signs in with a demo user. */
  openSignedIn(email?: string): Promise<void>;
  signIn(email?: string, password?: string): Promise<void>;
}

/**
 * The account page in real headless Chromium against a live token API whose clock the test moves.
 * Registers the hooks of the calling describe block; no scenario may leave a script error behind.
 */
export function accountPageInChromium(
  viewport = { width: 1366, height: 768 },
  apiOptions: StartTokenApiOptions = {},
): AccountPageKit {
  let api: TokenApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let clockOffsetMs = 0;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10, ...apiOptions, clock: () => new Date(Date.now() + clockOffsetMs) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: api.url });
    page = await context.newPage();
    pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      // Refusals the scenarios provoke on purpose (a session ended, a wrong password) are not page errors.
      if (message.type() === "error" && !/status of (401|403|409)/.test(message.text()))
        pageErrors.push(message.text());
    });
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors).toEqual([]);
  });

  const kit: AccountPageKit = {
    get api() {
      return api;
    },
    get page() {
      return page;
    },
    get apiClockOffsetMs() {
      return clockOffsetMs;
    },
    advanceApiClock(ms) {
      clockOffsetMs += ms;
    },
    async signIn(email = "ada@example.com", password = "layer-demo") {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
    },
    async openSignedIn(email = "ada@example.com") {
      await page.goto(`${api.url}/account/api`);
      await kit.signIn(email);
      await page.getByRole("heading", { name: "Personal API tokens" }).waitFor();
    },
  };
  return kit;
}
