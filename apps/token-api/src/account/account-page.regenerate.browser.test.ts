import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { AccountClient, whoami } from "../testing/account-client.js";
import { accountPageInChromium, FITS, POLL, RESULTS, tableFit } from "./account-page.kit.js";

const HOUR = 3600_000;

async function takeSecret(page: Page): Promise<string> {
  const secret = await page.locator("#created-token").inputValue();
  await page.getByRole("button", { name: "Done" }).click();
  await expect.poll(() => page.locator("#created-token").count(), POLL).toBe(0);
  return secret;
}

describe("regenerating a token on the account page, in Chromium", () => {
  const kit = accountPageInChromium();

  // First in the file: it reads expiries against the browser's clock, before the API's moves.
  it("warns of tokens expiring within 7 days; the banner's Regenerate gives a new secret with a chosen expiry", async () => {
    const { page, api } = kit;
    const soon = await api.operator.createToken({
      email: "chen@example.com",
      name: "Nightly export",
      expiresAt: new Date(Date.now() + 3 * 24 * HOUR),
    });
    await api.operator.createToken({ email: "chen@example.com", name: "Quarterly report", expires: "90d" });
    await kit.openSignedIn("chen@example.com");
    const banner = page.getByRole("region", { name: "Tokens expiring within 7 days" });
    await expect.poll(() => banner.textContent(), POLL).toMatch(/“Nightly export” \(.+\) expires in [23] days/);
    expect(await banner.textContent()).not.toContain("Quarterly report");
    // The expiry note and three row buttons still fit the card at a desktop width.
    expect(await tableFit(page)).toEqual(FITS);
    await page.screenshot({ path: `${RESULTS}account-expiring-banner.png` });

    await banner.getByRole("button", { name: "Regenerate Nightly export" }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate “Nightly export”?" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Same as before").isChecked()).toBe(true);
    await dialog.getByLabel("90 days").check();
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    await page.locator("#created-token").waitFor();
    expect(await page.locator("#created-title").textContent()).toBe("Copy the new secret of “Nightly export”");
    const fresh = await takeSecret(page);

    await expect.poll(() => banner.isVisible(), POLL).toBe(false);
    const me = await whoami(api.url, fresh);
    expect(me.body.token).toMatchObject({ name: "Nightly export", rotatedFrom: soon.keyId });
    const daysLeft = (new Date(me.body.token.expiresAt).getTime() - Date.now()) / (24 * HOUR);
    expect(Math.round(daysLeft)).toBe(90);
  });

  it("regenerates with a 1-hour overlap: both secrets work for the hour, then only the new; the lists link the two", async () => {
    const { page, api } = kit;
    const old = await api.operator.createToken({ email: "ben@example.com", name: "Excel - Budget", expires: "90d" });
    await kit.openSignedIn("ben@example.com");
    const oldRow = page.locator(`#token-${old.keyId}`);
    await oldRow.getByRole("button", { name: "Regenerate Excel - Budget" }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate “Excel - Budget”?" });
    await dialog.getByLabel("1 hour").check();
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    await page.locator("#created-token").waitFor();
    expect(await page.locator("#created-overlap").textContent()).toContain("The old secret keeps working until");
    const fresh = await takeSecret(page);
    // Shown once: after Done the secret is nowhere in the page (its masked form is, in the list).
    expect(await page.content()).not.toContain(fresh.split("_").slice(3).join("_"));
    const freshKeyId = (await whoami(api.url, fresh)).body.token.keyId as string;

    // Focus returns to the new token's row; the old one, still working, says what replaced it.
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')"), POLL)
      .toBe("Regenerate Excel - Budget");
    expect(await page.evaluate("document.activeElement?.closest('tr')?.id")).toBe(`token-${freshKeyId}`);
    expect(await oldRow.locator(".link-line").textContent()).toBe(
      `Regenerated as ${fresh.split("_").slice(0, 3).join("_")}_…`,
    );
    expect(await oldRow.getByRole("button", { name: "Regenerate Excel - Budget" }).count()).toBe(0);
    const newRow = page.locator(`#token-${freshKeyId}`);
    expect(await newRow.locator(".link-line").textContent()).toBe(`Replaces ${old.summary.masked}`);

    expect((await whoami(api.url, old.token)).status).toBe(200);
    expect((await whoami(api.url, fresh)).status).toBe(200);
    kit.advanceApiClock(HOUR + 60_000);
    const refused = await whoami(api.url, old.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.details).toMatchObject({
      reason: "rotated",
      successor: { keyId: freshKeyId, name: "Excel - Budget" },
    });
    expect((await whoami(api.url, fresh)).status).toBe(200);

    // After the overlap the old one is history, and the new one's link leads there.
    await page.reload();
    await page.getByRole("heading", { name: "Personal API tokens" }).waitFor();
    await expect.poll(() => page.locator("#token-rows tr").count(), POLL).toBe(1);
    await newRow.getByRole("link", { name: old.summary.masked }).click();
    expect(await page.locator("#history").getAttribute("open")).not.toBeNull();
    const historyRow = page.locator(`#history-${old.keyId}`);
    await expect.poll(() => page.evaluate("document.activeElement?.id"), POLL).toBe(`history-${old.keyId}`);
    expect(await historyRow.locator("td.ended-by").textContent()).toBe("Replaced (regenerated; overlap ended)");
  });

  it("is usable from the keyboard: every control labelled, Escape cancels and returns to the row's button", async () => {
    const { page, api } = kit;
    const token = await api.operator.createToken({ email: "ada@example.com", name: "MCP server", expires: "1y" });
    await kit.openSignedIn("ada@example.com");
    const button = page.locator(`#token-${token.keyId}`).getByRole("button", { name: "Regenerate MCP server" });
    await button.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Regenerate “MCP server”?" }).waitFor();
    expect(await page.evaluate("document.activeElement?.value")).toBe("24h");
    await page.keyboard.press("ArrowRight");
    expect(await page.getByRole("dialog").getByLabel("7 days").isChecked()).toBe(true);
    const unlabelled =
      await page.evaluate(`[...document.querySelectorAll("#regenerate-dialog input, #regenerate-dialog button")]
      .filter((el) => el.closest("[hidden]") === null)
      .filter((el) => !el.labels?.length && !el.getAttribute("aria-label") && !el.textContent.trim())
      .map((el) => el.outerHTML)`);
    expect(unlabelled).toEqual([]);
    await page.keyboard.press("Escape");
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('aria-label')"), POLL)
      .toBe("Regenerate MCP server");
    // Nothing was regenerated.
    expect((await whoami(api.url, token.token)).body.token.rotatedTo).toBeNull();
  });

  it("says why when the token was regenerated elsewhere meanwhile (409), and shows the lists as they are now", async () => {
    const { page, api } = kit;
    const token = await api.operator.createToken({ email: "chen@example.com", name: "Shared laptop", expires: "30d" });
    await kit.openSignedIn("chen@example.com");
    const row = page.locator(`#token-${token.keyId}`);
    await row.getByRole("button", { name: "Regenerate Shared laptop" }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate “Shared laptop”?" });
    await dialog.waitFor();
    // Another tab of the same user regenerates it first.
    const otherTab = new AccountClient(api.url);
    await otherTab.signIn("chen@example.com");
    const first = await otherTab.request("POST", `/v1/tokens/${token.keyId}/regenerate`, { json: { overlap: "1h" } });
    expect(first.status).toBe(201);

    await dialog.getByRole("button", { name: "Regenerate" }).click();
    await expect.poll(() => page.locator("#regenerate-error").textContent(), POLL).toContain("already regenerated");
    expect(await page.locator("#created-token").count()).toBe(0);
    await expect.poll(() => row.locator(".link-line").textContent(), POLL).toContain("Regenerated as");
  });
});
