import type { TokenSummary } from "@layer/contracts";
import { expiresIn } from "./dates.js";
import { byId, element } from "./dom.js";
import { rowButton } from "./token-row.js";
import { tokens } from "./token-store.js";

/** A week's notice: enough to regenerate and paste the new secret before an integration breaks. */
const WARN_MS = 7 * 86_400_000;

/** Active tokens that stop working within a week and have no successor yet. */
export function expiringSoon(list: TokenSummary[], now: number): TokenSummary[] {
  return list.filter((t) => {
    if (!t.expiresAt || t.rotatedTo) return false;
    const left = new Date(t.expiresAt).getTime() - now;
    return left > 0 && left <= WARN_MS;
  });
}

/** The banner over the list, each token with its own Regenerate button. */
export function renderExpiringBanner(regenerate: (token: TokenSummary, opener: HTMLElement) => void): void {
  const now = Date.now();
  const soon = expiringSoon(tokens.active, now);
  byId("expiring").hidden = soon.length === 0;
  byId("expiring-list").replaceChildren(
    ...soon.map((token) => {
      const li = element("li");
      const text = element(
        "span",
        "",
        `“${token.name}” (${token.masked}) expires ${expiresIn(token.expiresAt!, now)}.`,
      );
      const button = rowButton("Regenerate", "regenerate", token.name, () => regenerate(token, button));
      li.append(text, " ", button);
      return li;
    }),
  );
}
