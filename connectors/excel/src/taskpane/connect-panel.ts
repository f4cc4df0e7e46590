import {
  createTokenUrl,
  maskToken,
  parseToken,
  rotationAdvice,
  suggestedTokenName,
  timeLeft,
} from "@layer/token-client";
import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import { accountUrl } from "../config.js";
import type { StoredToken } from "../token/token-store.js";
import { busy, byId, say, show } from "./dom.js";
import { explain, type PaneContext } from "./pane-context.js";
import { renderReach, whoamiInOrganization } from "./reach-panel.js";

/** The stored form of a verified token: the secret plus what whoami said about it. */
export function storedFrom(token: string, who: Whoami): StoredToken {
  return {
    token,
    name: who.token.name,
    keyId: who.token.keyId,
    userId: who.user.id,
    userName: `${who.user.name} <${who.user.email}>`,
    expiresAt: who.token.expiresAt,
  };
}

export function wireConnectPanel(ctx: PaneContext): void {
  const form = byId<HTMLFormElement>("connect-form");
  const input = byId<HTMLInputElement>("token-input");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(byId<HTMLButtonElement>("connect"), async () => {
      // Shape first, locally: a pasted "Bearer …" or half a token never leaves the pane.
      const parsed = parseToken(input.value);
      if (!parsed.ok) {
        say("connect-status", parsed.message, "error");
        return;
      }
      say("connect-status", "Checking the token with Layer…");
      try {
        const who = await ctx.session.clientFor(parsed.token.value).whoami();
        await ctx.session.connect(storedFrom(parsed.token.value, who));
        input.value = "";
        // The same user keeps the organization they picked: show what the token reaches there.
        ctx.whoami = ctx.session.organization ? await whoamiInOrganization(ctx) : who;
        if (who.token.legacy) {
          // docs/contract.md: legacy tokens keep working but have no name; suggest a named one.
          say(
            "connect-status",
            `Connected as ${who.user.name} with a legacy token. Create a named token (link above) and use Rotate token to switch to it.`,
            "warning",
          );
        } else {
          say("connect-status", `Connected as ${who.user.name} with "${who.token.name}".`, "ok");
        }
        await ctx.refresh();
      } catch (error) {
        const explained = explain(ctx, error);
        say("connect-status", `${explained.title}. ${explained.message}`, "error");
      }
    });
  });
  byId("disconnect").addEventListener("click", () => {
    void ctx.session.disconnect().then(() => {
      ctx.whoami = null;
      say("connect-status", "Disconnected. The token is no longer stored in this add-in.");
      return ctx.refresh();
    });
  });
}

/** Redraws the token card and the expiry banner for the current connection. */
export async function renderConnection(ctx: PaneContext): Promise<void> {
  const token = ctx.session.token;
  const workbook = await ctx.workbookName().catch(() => "Workbook");
  const name = suggestedTokenName("Excel", workbook);
  byId("suggested-name").textContent = name;
  byId<HTMLAnchorElement>("create-link").href = createTokenUrl(accountUrl(ctx.session.apiBase), name);
  show("connected", token !== null);
  show("connect-form", token === null);
  show("import-card", token !== null);
  if (!token) {
    show("banner", false);
    show("rotate-card", false);
    return;
  }
  byId("who-user").textContent = token.userName;
  byId("who-token").textContent = token.name;
  byId("who-masked").textContent = maskToken(token.token);
  byId("who-expires").textContent = describeExpiry(token.expiresAt, ctx.session.clock());
  byId("who-stored").textContent = ctx.session.tokenKeptIn;
  renderReach(ctx);
  renderBanner(ctx, workbook);
}

function describeExpiry(expiresAt: string | null, now: number): string {
  if (!expiresAt) return "never (consider a token that expires)";
  const left = timeLeft(expiresAt, now);
  const date = new Date(expiresAt).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
  return left ? `${date} (in ${left})` : `${date} (expired)`;
}

function renderBanner(ctx: PaneContext, workbook: string): void {
  const token = ctx.session.token;
  const advice = token
    ? rotationAdvice({
        ...(ctx.whoami ? { whoami: ctx.whoami } : { expiresAt: token.expiresAt ?? undefined }),
        tokenName: token.name,
        keyId: token.keyId,
        now: ctx.session.clock(),
        tool: "Excel",
        documentName: workbook,
        accountUrl: accountUrl(ctx.session.apiBase),
      })
    : null;
  // The banner is for expiry (within 14 days); other advice shows in the token card.
  const urgent = advice && (advice.reason === "expiring_soon" || advice.reason === "expired");
  show("banner", Boolean(urgent));
  if (advice && urgent) {
    byId("banner").className = `banner ${advice.severity === "error" ? "error" : ""}`.trim();
    byId("banner-text").textContent = `${advice.title}. ${advice.message}`;
  }
}
