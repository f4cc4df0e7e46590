import { describe, expect, it } from "vitest";
import { accountPageInChromium, FITS, POLL, RESULTS, tableFit } from "./account-page.kit.js";

const HOUR = 3600_000;
/** Past the 12-hour account session, on the API's clock. */
const SESSION_OVER = 13 * HOUR;

describe("the account page on a 390 px phone, and a session that ends under a dialog, in Chromium", () => {
  const kit = accountPageInChromium({ width: 390, height: 844 });

  it("fits the token table into its card: the page never scrolls sideways", async () => {
    const { page, api } = kit;
    for (const name of [
      "Power BI - Acme Tower monthly board dashboard (finance team)",
      "Excel - Budget",
      "A-token-name-without-any-space-to-break-it-at-all-whatsoever",
    ]) {
      await api.operator.createToken({ email: "ada@example.com", name, expires: "90d" });
    }
    await api.operator.createToken({
      email: "ben@example.com",
      name: "Ben's token for the owner view",
      expires: "30d",
    });
    await kit.openSignedIn("ada@example.com");
    await expect.poll(() => page.locator("#token-rows tr").count(), POLL).toBe(3);
    await expect.poll(() => page.locator("#holders-body table").count(), POLL).toBeGreaterThan(0);
    await page.locator("#history-summary").click();

    expect(await tableFit(page)).toEqual(FITS);
    expect(await page.evaluate("window.innerWidth")).toBe(390);
    // Each stacked row still names its columns.
    expect(await page.locator("#token-rows tr").first().locator('td[data-label="Expires"]').isVisible()).toBe(true);
    await page.screenshot({ path: `${RESULTS}account-api-tab-390px.png`, fullPage: true });

    await page.getByRole("button", { name: "Create Token" }).click();
    await page.getByRole("dialog", { name: "Create Token" }).getByLabel("Only these projects").check();
    const dialog = await page.locator("#create-dialog").boundingBox();
    expect(dialog!.x).toBeGreaterThanOrEqual(0);
    expect(dialog!.x + dialog!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBe(390);
    await page.screenshot({ path: `${RESULTS}account-create-dialog-390px.png` });
  });

  it("closes an open dialog when the session turns out to have ended, and the sign-in form works", async () => {
    const { page } = kit;
    await kit.openSignedIn("ben@example.com");
    await page.getByRole("button", { name: "Create Token" }).click();
    const create = page.getByRole("dialog", { name: "Create Token" });
    await create.getByLabel("Name", { exact: true }).fill("Made after the session ended");
    kit.advanceApiClock(SESSION_OVER);
    await create.getByRole("button", { name: "Generate" }).click();

    await expect.poll(() => page.locator("#sign-in").isVisible(), POLL).toBe(true);
    expect(await create.isVisible()).toBe(false);
    expect(await page.locator("#sign-in-error").textContent()).toContain("session has ended");
    await expect.poll(() => page.evaluate("document.activeElement?.id"), POLL).toBe("email");
    await kit.signIn("ben@example.com");
    await page.getByRole("heading", { name: "Personal API tokens" }).waitFor();
    expect(await page.locator("#token-rows tr", { hasText: "Made after the session ended" }).count()).toBe(0);
  });

  it("notices the session's end by itself: the shown-once secret leaves the page and sign-in is usable", async () => {
    const { page } = kit;
    await page.clock.install();
    await kit.openSignedIn("chen@example.com");
    await page.getByRole("button", { name: "Create Token" }).click();
    await page.getByRole("dialog", { name: "Create Token" }).getByLabel("Name", { exact: true }).fill("Secret on show");
    await page.getByRole("button", { name: "Generate" }).click();
    await page.locator("#created-token").waitFor();

    kit.advanceApiClock(SESSION_OVER);
    // The session's end is on the API's clock, which earlier scenarios moved ahead of the page's.
    await page.clock.fastForward(kit.apiClockOffsetMs);
    await expect.poll(() => page.locator("#sign-in").isVisible(), POLL).toBe(true);
    expect(await page.locator("#created-token").count()).toBe(0);
    expect(await page.locator("#created-secret-slot").textContent()).toBe("");
    expect(await page.locator("dialog[open]").count()).toBe(0);
    await kit.signIn("chen@example.com");
    await page.getByRole("heading", { name: "Personal API tokens" }).waitFor();
  });

  it("keeps the page signed in when only this computer's clock says the session is over, and asks again later", async () => {
    const { page } = kit;
    await page.clock.install();
    await kit.openSignedIn("ben@example.com");
    // The page's clock passes the session's end; the API's (which decides) does not.
    await page.clock.fastForward(kit.apiClockOffsetMs + 12 * HOUR + 5_000);
    await page.getByRole("button", { name: "Create Token" }).click();
    expect(await page.locator("#account").isVisible()).toBe(true);
    expect(await page.getByRole("dialog", { name: "Create Token" }).isVisible()).toBe(true);

    kit.advanceApiClock(SESSION_OVER);
    await page.clock.fastForward(61_000);
    await expect.poll(() => page.locator("#sign-in").isVisible(), POLL).toBe(true);
    expect(await page.locator("dialog[open]").count()).toBe(0);
  });
});
