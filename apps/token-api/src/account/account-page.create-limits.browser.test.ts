import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { whoami } from "../testing/account-client.js";
import { accountPageInChromium, POLL } from "./account-page.kit.js";

/** The secret on show in the secret dialog, then closed with Done. */
async function takeSecret(page: Page): Promise<string> {
  const secret = await page.locator("#created-token").inputValue();
  await page.getByRole("button", { name: "Done" }).click();
  await expect.poll(() => page.locator("#created-token").count(), POLL).toBe(0);
  return secret;
}

/** A local day `days` from today in the page's own calendar, as a date input takes it. */
const dayAhead = (page: Page, days: number): Promise<string> =>
  page.evaluate(`(() => {
    const d = new Date();
    d.setDate(d.getDate() + ${days});
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  })()`);

describe("creating a token with limits on the account page, in Chromium", () => {
  const kit = accountPageInChromium();

  it("creates a read-only token for one chosen project: the list shows it, and the token reaches that project only", async () => {
    const { page } = kit;
    await kit.openSignedIn("ada@example.com");
    await page.getByRole("button", { name: "Create Token" }).click();
    const create = page.getByRole("dialog", { name: "Create Token" });
    await create.getByLabel("Name", { exact: true }).fill("Power BI - Tower dashboard");
    await create.getByLabel("Read only").check();
    await create.getByLabel("Only these projects").check();
    // None ticked: the page says so and asks the API nothing.
    await create.getByRole("button", { name: "Generate" }).click();
    await expect.poll(() => page.locator("#create-error").textContent(), POLL).toContain("at least one project");
    await create.getByRole("group", { name: "Projects this token reaches" }).getByLabel("Acme Tower").check();
    await create.getByRole("button", { name: "Generate" }).click();
    await page.locator("#created-token").waitFor();
    const token = await takeSecret(page);

    const row = page.locator("#token-rows tr", { hasText: "Power BI - Tower dashboard" });
    await expect.poll(() => row.locator("td.limits").textContent(), POLL).toBe("Read onlyAcme Tower");
    const me = await whoami(kit.api.url, token);
    expect(me.status).toBe(200);
    expect(me.body.token).toMatchObject({ access: "read", projectIds: ["prj_acme_tower"], scopes: ["projects:read"] });
    const projects = await call(`${kit.api.url}/v1/projects`, { token });
    expect(projects.body.projects.map((p: { id: string }) => p.id)).toEqual(["prj_acme_tower"]);
    const other = await call(`${kit.api.url}/v1/projects/prj_acme_retail/tables`, { token });
    expect(other.status).toBe(404);
    const rotate = await call(`${kit.api.url}/v1/tokens/self/rotate`, { token, method: "POST", json: {} });
    expect(rotate.status).toBe(403);
    expect(rotate.body.error).toMatchObject({ code: "FORBIDDEN_SCOPE", details: { scope: "tokens:rotate-self" } });
  });

  it("checks a custom expiry date in the browser before asking the API, and the token works to the end of that day", async () => {
    const { page } = kit;
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/v1/tokens")) posts.push(request.url());
    });
    await kit.openSignedIn("chen@example.com");
    await page.getByRole("button", { name: "Create Token" }).click();
    const create = page.getByRole("dialog", { name: "Create Token" });
    await create.getByLabel("Name", { exact: true }).fill("Quarter-end export");
    const date = create.getByLabel("Works until the end of");
    expect(await date.isVisible()).toBe(false);
    await create.getByLabel("Custom date").check();
    await expect.poll(() => page.evaluate("document.activeElement?.id"), POLL).toBe("create-expires-on");
    expect(await date.getAttribute("min")).toBe(await dayAhead(page, 0));

    const generate = create.getByRole("button", { name: "Generate" });
    await generate.click();
    await expect.poll(() => page.locator("#create-error").textContent(), POLL).toContain("Choose the last day");
    await date.fill(await dayAhead(page, -1));
    await generate.click();
    await expect.poll(() => page.locator("#create-error").textContent(), POLL).toContain("cannot expire in the past");
    await date.fill(await dayAhead(page, 400));
    await generate.click();
    await expect.poll(() => page.locator("#create-error").textContent(), POLL).toContain("within the next year");
    expect(posts).toEqual([]);

    const day = await dayAhead(page, 45);
    await date.fill(day);
    await generate.click();
    await page.locator("#created-token").waitFor();
    const token = await takeSecret(page);
    const endOfDay = await page.evaluate(`(() => {
      const [y, m, d] = ${JSON.stringify(day)}.split("-").map(Number);
      return new Date(y, m - 1, d + 1).toISOString();
    })()`);
    const me = await whoami(kit.api.url, token);
    expect(new Date(me.body.token.expiresAt).toISOString()).toBe(endOfDay);
    expect(posts).toHaveLength(1);
  });

  it("asks before a second token of the same name, and creates it only when confirmed", async () => {
    const { page, api } = kit;
    await api.operator.createToken({ email: "ben@example.com", name: "Excel - Budget", expires: "30d" });
    await kit.openSignedIn("ben@example.com");
    await page.getByRole("button", { name: "Create Token" }).click();
    const create = page.getByRole("dialog", { name: "Create Token" });
    const name = create.getByLabel("Name", { exact: true });
    await name.fill("excel - budget ");
    await create.getByRole("button", { name: "Generate" }).click();
    const warning = page.locator("#create-duplicate");
    await expect.poll(() => warning.textContent(), POLL).toContain("already have a token named “excel - budget”");
    expect(await create.getByRole("button", { name: "Generate anyway" }).isVisible()).toBe(true);
    expect(await warning.getByRole("button", { name: "Regenerate “Excel - Budget” instead" }).isVisible()).toBe(true);
    expect(await page.locator("#token-rows tr").count()).toBe(1);

    // A changed name is a new question.
    await name.fill("Excel - Budget");
    expect(await warning.isHidden()).toBe(true);
    await create.getByRole("button", { name: "Generate", exact: true }).click();
    await create.getByRole("button", { name: "Generate anyway" }).click();
    await page.locator("#created-token").waitFor();
    await takeSecret(page);
    await expect.poll(() => page.locator("#token-rows tr", { hasText: "Excel - Budget" }).count(), POLL).toBe(2);
  });

  it("labels every new control and works from the keyboard: access, projects and a custom date", async () => {
    const { page } = kit;
    await kit.openSignedIn("ada@example.com");
    await page.getByRole("button", { name: "Create Token" }).click();
    const create = page.getByRole("dialog", { name: "Create Token" });
    await page.keyboard.type("Keyboard only");
    // Radio groups: focus the checked one, arrows choose; Space ticks a checkbox.
    await create.getByLabel("90 days").focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await create.getByLabel("Custom date").isChecked()).toBe(true);
    await create.getByLabel("Read and write").focus();
    await page.keyboard.press("ArrowRight");
    expect(await create.getByLabel("Read only").isChecked()).toBe(true);
    await create.getByLabel("All my projects").focus();
    await page.keyboard.press("ArrowRight");
    expect(await create.getByLabel("Only these projects").isChecked()).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    // The first project in the list (projects are listed by id).
    expect(await create.getByLabel("Acme Retail").isChecked()).toBe(true);

    const unlabelled =
      await page.evaluate(`[...document.querySelectorAll("#create-dialog input, #create-dialog select, #create-dialog button")]
      .filter((el) => el.closest("[hidden]") === null)
      .filter((el) => !el.labels?.length && !el.getAttribute("aria-label") && !el.textContent.trim())
      .map((el) => el.outerHTML)`);
    expect(unlabelled).toEqual([]);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate("document.activeElement?.id"), POLL).toBe("create-open");
  });

  it("offers to regenerate instead when a connector's create link names a token the user already has", async () => {
    const { page, api } = kit;
    const existing = await api.operator.createToken({
      email: "chen@example.com",
      name: "Power BI - Grid",
      expires: "90d",
    });
    await page.goto(`${api.url}/account/api?create=1&name=${encodeURIComponent("Power BI - Grid")}&expires=90d`);
    await kit.signIn("chen@example.com");
    const create = page.getByRole("dialog", { name: "Create Token" });
    await create.getByRole("button", { name: "Generate" }).click();
    await create.getByRole("button", { name: "Regenerate “Power BI - Grid” instead" }).click();
    const regenerate = page.getByRole("dialog", { name: "Regenerate “Power BI - Grid”?" });
    await regenerate.waitFor();
    expect(await create.isVisible()).toBe(false);
    expect(await regenerate.textContent()).toContain(existing.summary.masked);
  });
});
