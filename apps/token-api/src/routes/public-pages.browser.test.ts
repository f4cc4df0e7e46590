import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "@layer/headless-chromium";
import { startTokenApi, type TokenApi } from "../testing/index.js";

const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation the live document declares, as Swagger UI labels them: "GET /v1/whoami". */
async function documentedOperations(apiUrl: string): Promise<string[]> {
  const document = (await (await fetch(`${apiUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe("the API reference page in Chromium", () => {
  let api: TokenApi;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** Opens a page, recording script errors and every refusal of the page's Content-Security-Policy. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext();
    context.setDefaultTimeout(30_000);
    const problems: string[] = [];
    await context.exposeFunction("__policyViolation", (text: string) => problems.push(text));
    // A string: this file is typechecked for Node, the listener runs in the page.
    await context.addInitScript({
      content: `document.addEventListener("securitypolicyviolation", (event) =>
        window.__policyViolation("CSP refused " + (event.blockedURI || "inline") + " (" + event.violatedDirective + ")"));`,
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    await page.goto(`${api.url}${path}`);
    return { page, problems };
  }

  it("renders every operation of the live /openapi.json, with no script error and no policy refusal", async () => {
    const expected = await documentedOperations(api.url);
    expect(expected.length).toBeGreaterThan(5);
    const { page, problems } = await open("/docs");
    await page.locator(".opblock").first().waitFor();
    await expect.poll(() => page.locator(".opblock").count(), { timeout: 20_000 }).toBe(expected.length);
    const shown = await page
      .locator(".opblock-summary")
      .evaluateAll((summaries) =>
        summaries.map(
          (s) =>
            `${s.querySelector(".opblock-summary-method")?.textContent?.trim()} ${s.querySelector(".opblock-summary-path")?.getAttribute("data-path")}`,
        ),
      );
    expect(shown.sort()).toEqual([...expected].sort());
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: `${RESULTS}api-reference.png` });
    // The document's own title, read by the page from the server, not written into it.
    const title = ((await (await fetch(`${api.url}/openapi.json`)).json()) as { info: { title: string } }).info.title;
    expect(await page.locator(".info .title").textContent()).toContain(title);

    // An operation opens to its responses, rendered from the document's schemas.
    await page.locator(".opblock-summary", { hasText: "/v1/whoami" }).first().click();
    await page.locator(".opblock-body .responses-wrapper").first().waitFor();
    expect(await page.locator(".opblock-body .response-col_status").allTextContents()).toEqual(
      expect.arrayContaining(["200"]),
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("leads from the landing page to the reference and the account page", async () => {
    const { page, problems } = await open("/");
    await page.getByRole("link", { name: "API reference" }).click();
    await page.locator(".opblock").first().waitFor();
    await page.getByRole("link", { name: "Your account" }).click();
    await page.waitForURL(`${api.url}/account/api`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the account page links the reference", async () => {
    const { page } = await open("/account/api");
    await page.getByRole("link", { name: "API reference" }).click();
    await page.waitForURL(`${api.url}/docs`);
    await page.locator(".opblock").first().waitFor();
    await page.context().close();
  });
});
