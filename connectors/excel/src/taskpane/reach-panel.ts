import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import { unknownOrganization } from "@layer/token-client";
import { byId, option, say, show } from "./dom.js";
import { explain, type PaneContext } from "./pane-context.js";

/**
 * What the connected token may do and reach (its owner chose at creation: read-only or read and
 * write, all projects or some), and, for a user in several organizations, which one the pane
 * lists. The choice is stored with the token, per user (Session.setOrganization).
 */
export function renderReach(ctx: PaneContext): void {
  const who = ctx.whoami;
  show("who-reach", who !== null);
  // A picker only where there is a choice: most users belong to one organization.
  show("organization-row", who !== null && who.organizations.length > 1);
  if (!who) return;
  byId("who-access").textContent = accessWords(who);
  byId("who-projects").textContent = projectsWords(who);
  const select = byId<HTMLSelectElement>("organization");
  select.replaceChildren(
    option("", "All my organizations"),
    ...who.organizations.map((o) => option(o.id, `${o.name} (${o.id})`)),
  );
  select.value = ctx.session.organization ?? "";
}

export function accessWords(who: Whoami): string {
  return who.token.access === "read" ? "Read-only" : "Read and write";
}

/** The projects the token reaches now, "only" when its owner limited it to them. */
export function projectsWords(who: Whoami): string {
  const names = who.token.projects.map((p) => p.name).join(", ");
  if (names === "") return who.organization ? "None in this organization" : "None";
  return who.token.projectIds === null ? names : `Only ${names}`;
}

export function wireOrganizationPicker(ctx: PaneContext): void {
  const select = byId<HTMLSelectElement>("organization");
  select.addEventListener("change", () => {
    const chosen = select.value === "" ? null : select.value;
    select.disabled = true;
    void (async () => {
      try {
        await ctx.session.setOrganization(chosen);
        ctx.whoami = await ctx.session.listingClient().whoami();
        const name = ctx.whoami.organizations.find((o) => o.id === chosen)?.name;
        say(
          "organization-status",
          chosen
            ? `Listing ${name ?? chosen}'s projects only. Imports and formulas you made keep reading their own projects.`
            : "Listing the projects of all your organizations.",
          "ok",
        );
        await ctx.refresh();
      } catch (error) {
        const explained = explain(ctx, error);
        say("organization-status", `${explained.title}. ${explained.message}`, "error");
      } finally {
        select.disabled = false;
      }
    })();
  });
}

/**
 * whoami in the remembered organization; when the user no longer belongs to it (the API's 404
 * names it), the pane falls back to all organizations and says so instead of failing every call.
 */
export async function whoamiInOrganization(ctx: PaneContext): Promise<Whoami> {
  try {
    return await ctx.session.listingClient().whoami();
  } catch (error) {
    const organization = ctx.session.organization;
    if (organization === null || unknownOrganization(error) === null) throw error;
    await ctx.session.setOrganization(null);
    say(
      "organization-status",
      `You no longer belong to the organization ${organization}; the pane lists all your organizations.`,
      "warning",
    );
    return ctx.session.listingClient().whoami();
  }
}
