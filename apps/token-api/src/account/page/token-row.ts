import type { TokenSummary } from "@layer/contracts";
import { agoCell, expiresIn, timeCell } from "./dates.js";
import { element, labelledCell } from "./dom.js";
import { rowId, regenerationLinks } from "./token-links.js";
import { accessInWords, projectsInWords } from "./token-limits.js";

/** What a row's buttons open (the rename, regenerate and revoke modules register them). */
export interface RowActions {
  rename(tr: HTMLTableRowElement, token: TokenSummary): void;
  regenerate(token: TokenSummary, opener: HTMLElement): void;
  revoke(token: TokenSummary, opener: HTMLElement): void;
}

/** A row action button whose accessible name says which token it acts on. */
export function rowButton(label: string, className: string, tokenName: string, onClick: () => void): HTMLButtonElement {
  const button = element("button", className, label);
  button.type = "button";
  button.setAttribute("aria-label", `${label} ${tokenName}`);
  button.addEventListener("click", onClick);
  return button;
}

/** The name with its environment badge, and the links of a regeneration. */
export function nameCell(token: TokenSummary): HTMLTableCellElement {
  const name = labelledCell("Name", "name");
  const env = element("span", "env", token.legacy ? "legacy" : token.env);
  // A single-token-era key keeps working, but the product asks users to replace it with a named one.
  if (token.legacy) env.title = "A token from before named tokens: create a named one and revoke this.";
  name.append(element("span", "token-name", token.name), env, ...regenerationLinks(token));
  return name;
}

export function maskedCell(token: TokenSummary): HTMLTableCellElement {
  const masked = labelledCell("Token", "masked");
  masked.append(element("code", "", token.masked));
  return masked;
}

function limitsCell(token: TokenSummary): HTMLTableCellElement {
  const cell = labelledCell("Access", "limits");
  cell.append(element("span", "access", accessInWords(token)), element("span", "projects", projectsInWords(token)));
  return cell;
}

/** The expiry date, and how long is left once it is near (or that the overlap of a regeneration ends then). */
function expiresCell(token: TokenSummary, now: number): HTMLTableCellElement {
  const cell = timeCell("Expires", token.expiresAt, "Never");
  if (!token.expiresAt) return cell;
  const left = new Date(token.expiresAt).getTime() - now;
  if (left <= 0) cell.append(element("span", "expired", " (expired)"));
  else if (token.rotatedTo)
    cell.append(element("span", "soon", ` (old secret works ${expiresIn(token.expiresAt, now)})`));
  else if (left <= 7 * 86_400_000) cell.append(element("span", "soon", ` (${expiresIn(token.expiresAt, now)})`));
  return cell;
}

export function tokenRow(token: TokenSummary, actions: RowActions, now = Date.now()): HTMLTableRowElement {
  const tr = element("tr");
  tr.id = rowId(token.keyId, false);
  tr.tabIndex = -1;
  tr.dataset["keyId"] = token.keyId;

  const cell = labelledCell("Actions", "actions");
  const rename = rowButton("Rename", "rename", token.name, () => actions.rename(tr, token));
  cell.append(rename);
  // Regenerated already: its successor is the one to regenerate next.
  if (!token.rotatedTo) {
    const regenerate = rowButton("Regenerate", "regenerate", token.name, () => actions.regenerate(token, regenerate));
    cell.append(regenerate);
  }
  const revoke = rowButton("Revoke", "revoke danger-outline", token.name, () => actions.revoke(token, revoke));
  cell.append(revoke);

  tr.append(
    nameCell(token),
    maskedCell(token),
    limitsCell(token),
    timeCell("Created", token.createdAt, ""),
    expiresCell(token, now),
    agoCell("Last used", token.lastUsedAt),
    cell,
  );
  return tr;
}
