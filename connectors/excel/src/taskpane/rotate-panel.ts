import { createTokenUrl, parseToken, suggestedTokenName, tokensEqual } from "@layer/token-client";
import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import { accountUrl } from "../config.js";
import { storedFrom } from "./connect-panel.js";
import { busy, byId, say, show } from "./dom.js";
import { explain, type PaneContext } from "./pane-context.js";

/**
 * Rotation in the safe order: create the new token, paste and verify it, switch, and
 * only then revoke the old one, so the workbook is never left without a working token.
 */
export function wireRotatePanel(ctx: PaneContext): void {
  let verified: { token: string; who: Whoami } | null = null;

  const open = async () => {
    const token = ctx.session.token;
    if (!token) return;
    verified = null;
    show("rotate-card", true);
    show("rotate-switch", false);
    say("rotate-status", "");
    byId("rotate-old-name").textContent = token.name;
    const name = suggestedTokenName("Excel", await ctx.workbookName().catch(() => ""));
    byId<HTMLAnchorElement>("rotate-create-link").href = createTokenUrl(accountUrl(ctx.session.apiBase), name);
    byId("rotate-card").scrollIntoView?.();
  };
  byId("show-rotate").addEventListener("click", () => void open());
  byId("banner-rotate").addEventListener("click", () => void open());

  byId("rotate-verify").addEventListener("click", () => {
    void busy(byId<HTMLButtonElement>("rotate-verify"), async () => {
      const current = ctx.session.token;
      if (!current) return;
      verified = null;
      show("rotate-switch", false);
      const input = byId<HTMLInputElement>("rotate-input");
      const parsed = parseToken(input.value);
      if (!parsed.ok) {
        say("rotate-status", parsed.message, "error");
        return;
      }
      if (tokensEqual(parsed.token.value, current.token)) {
        say(
          "rotate-status",
          `This is "${current.name}", the token already connected. Create a new token and paste that one.`,
          "error",
        );
        return;
      }
      say("rotate-status", "Checking the new token with Layer…");
      try {
        const who = await ctx.session.clientFor(parsed.token.value).whoami();
        verified = { token: parsed.token.value, who };
        show("rotate-switch", true);
        if (who.user.id !== current.userId) {
          say(
            "rotate-status",
            `Careful: "${who.token.name}" belongs to ${who.user.name} <${who.user.email}>, not ${current.userName}. ` +
              "Imports and formulas would then use that person's access. Switch only if that is what you want.",
            "warning",
          );
        } else {
          say(
            "rotate-status",
            `"${who.token.name}" works for ${who.user.name}. Switch to it, then revoke the old one.`,
            "ok",
          );
        }
      } catch (error) {
        const explained = explain(ctx, error);
        say("rotate-status", `The new token did not work: ${explained.message}`, "error");
      }
    });
  });

  byId("rotate-switch").addEventListener("click", () => {
    void busy(byId<HTMLButtonElement>("rotate-switch"), async () => {
      const old = ctx.session.token;
      if (!verified || !old) return;
      await ctx.session.connect(storedFrom(verified.token, verified.who));
      ctx.whoami = verified.who;
      verified = null;
      byId<HTMLInputElement>("rotate-input").value = "";
      show("rotate-switch", false);
      await ctx.refresh();
      show("rotate-card", true);
      say(
        "rotate-status",
        `Switched to "${ctx.session.token?.name}". Last step: revoke the old token "${old.name}" (key_id ${old.keyId}) on your account page: ${accountUrl(ctx.session.apiBase)}`,
        "ok",
      );
    });
  });

  byId("rotate-self").addEventListener("click", () => {
    void busy(byId<HTMLButtonElement>("rotate-self"), async () => {
      const old = ctx.session.token;
      if (!old) return;
      const graceSeconds = Number(byId<HTMLSelectElement>("rotate-grace").value);
      say("rotate-status", "Rotating…");
      try {
        const rotated = await ctx.session.client().rotateSelf({ graceSeconds });
        const who = await ctx.session.clientFor(rotated.token.token).whoami();
        await ctx.session.connect(storedFrom(rotated.token.token, who));
        ctx.whoami = who;
        await ctx.refresh();
        show("rotate-card", true);
        const until = new Date(rotated.previous.expiresAt).toLocaleString();
        say(
          "rotate-status",
          `Switched to the new "${rotated.token.name}" (key_id ${rotated.token.keyId}). The old one, "${rotated.previous.name}" (key_id ${rotated.previous.keyId}), stops working at ${until}; revoke it sooner on your account page if nothing else uses it.`,
          "ok",
        );
      } catch (error) {
        const explained = explain(ctx, error);
        say("rotate-status", `Rotation failed: ${explained.message}`, "error");
      }
    });
  });
}
