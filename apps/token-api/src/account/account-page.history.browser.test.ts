import { describe, expect, it } from "vitest";
import { whoami } from "../testing/account-client.js";
import { accountPageInChromium, POLL } from "./account-page.kit.js";

const HOUR = 3600_000;

describe("the account page's token history and owner view, in Chromium", () => {
  const kit = accountPageInChromium();

  it("keeps revoked and expired tokens in a collapsed history: created, last used, when and by whom", async () => {
    const { page, api } = kit;
    const mine = await api.operator.createToken({ email: "chen@example.com", name: "Sheets - Grid", expires: "30d" });
    await whoami(api.url, mine.token);
    const operators = await api.operator.createToken({ email: "chen@example.com", name: "Old laptop", expires: "30d" });
    const brief = await api.operator.createToken({
      email: "chen@example.com",
      name: "Demo for a customer",
      expiresAt: new Date(Date.now() + HOUR),
    });
    const kept = await api.operator.createToken({ email: "chen@example.com", name: "Power BI - Grid", expires: "1y" });
    await api.operator.revokeToken(operators.keyId);

    await kit.openSignedIn("chen@example.com");
    await page.locator(`#token-${mine.keyId}`).getByRole("button", { name: "Revoke Sheets - Grid" }).click();
    await page.getByRole("dialog", { name: "Revoke token?" }).getByRole("button", { name: "Revoke token" }).click();
    await expect.poll(() => page.locator(`#token-${mine.keyId}`).count(), POLL).toBe(0);

    kit.advanceApiClock(2 * HOUR);
    await page.reload();
    await page.getByRole("heading", { name: "Personal API tokens" }).waitFor();
    const summary = page.locator("#history-summary");
    await expect.poll(() => summary.textContent(), POLL).toBe("History: revoked and expired tokens (3)");
    // Collapsed until asked for.
    expect(await page.locator("#history-rows").isVisible()).toBe(false);
    await summary.click();
    expect(await page.locator("#history-rows").isVisible()).toBe(true);

    const cells = (keyId: string) => page.locator(`#history-${keyId} td`).allTextContents();
    const [name, masked, created, lastUsed, ended, by] = await cells(mine.keyId);
    expect(name).toContain("Sheets - Grid");
    expect(masked).toBe(mine.summary.masked);
    expect(created).not.toBe("");
    expect(lastUsed).not.toBe("Never");
    expect(ended).not.toBe("");
    expect(by).toBe("Revoked by you");
    expect((await cells(operators.keyId))[5]).toBe("Revoked by an operator");
    expect((await cells(operators.keyId))[3]).toBe("Never");
    expect((await cells(brief.keyId))[5]).toBe("Expired");
    // The active list keeps only the live one.
    expect(await page.locator("#token-rows tr").count()).toBe(1);
    expect(await page.locator(`#token-${kept.keyId}`).count()).toBe(1);
  });

  it("refreshes the owners' table of who holds tokens after every change on the page", async () => {
    const { page } = kit;
    await kit.openSignedIn("ada@example.com");
    const holders = page.locator("#holders-body");
    await holders.waitFor();
    expect(await holders.textContent()).not.toContain("Fresh holder token");

    await page.getByRole("button", { name: "Create Token" }).click();
    const create = page.getByRole("dialog", { name: "Create Token" });
    await create.getByLabel("Name", { exact: true }).fill("Fresh holder token");
    await create.getByRole("button", { name: "Generate" }).click();
    await page.locator("#created-token").waitFor();
    await expect.poll(() => holders.textContent(), POLL).toContain("Fresh holder token");
    await page.getByRole("button", { name: "Done" }).click();

    const row = page.locator("#token-rows tr", { hasText: "Fresh holder token" });
    await row.getByRole("button", { name: "Rename Fresh holder token" }).click();
    const input = row.getByLabel("New name for Fresh holder token");
    await input.fill("Renamed holder token");
    await input.press("Enter");
    await expect.poll(() => holders.textContent(), POLL).toContain("Renamed holder token");

    await page
      .locator("#token-rows tr", { hasText: "Renamed holder token" })
      .getByRole("button", { name: "Revoke Renamed holder token" })
      .click();
    await page.getByRole("dialog", { name: "Revoke token?" }).getByRole("button", { name: "Revoke token" }).click();
    await expect.poll(() => holders.textContent(), POLL).not.toContain("Renamed holder token");
  });
});
