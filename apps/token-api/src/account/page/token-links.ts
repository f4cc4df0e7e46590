import type { TokenSummary } from "@layer/contracts";
import { byId, element } from "./dom.js";
import { tokenByKeyId } from "./token-store.js";

/** The id of a token's row: `token-…` in the active list, `history-…` in the history. */
export function rowId(keyId: string, inHistory: boolean): string {
  return `${inHistory ? "history" : "token"}-${keyId}`;
}

/** A link to the other token of a regeneration; it opens the history when that token is there. */
function linkTo(keyId: string): HTMLElement {
  const found = tokenByKeyId(keyId);
  // Purged from the history (90 days): only its key id is left to show.
  if (!found) return element("code", "", keyId);
  const link = element("a", "", found.token.masked);
  link.href = `#${rowId(keyId, found.inHistory)}`;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    if (found.inHistory) byId<HTMLDetailsElement>("history").open = true;
    const row = document.getElementById(rowId(keyId, found.inHistory));
    row?.scrollIntoView({ block: "center" });
    row?.focus();
  });
  return link;
}

/** "Regenerated as …" and "Replaces …" lines under a token's name. */
export function regenerationLinks(token: TokenSummary): HTMLElement[] {
  const lines: HTMLElement[] = [];
  if (token.rotatedTo) {
    const p = element("span", "link-line", "Regenerated as ");
    p.append(linkTo(token.rotatedTo));
    lines.push(p);
  }
  if (token.rotatedFrom) {
    const p = element("span", "link-line", "Replaces ");
    p.append(linkTo(token.rotatedFrom));
    lines.push(p);
  }
  return lines;
}
