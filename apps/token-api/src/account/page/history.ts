import type { TokenSummary } from "@layer/contracts";
import { agoCell, timeCell } from "./dates.js";
import { byId, element, labelledCell } from "./dom.js";
import { currentFilter } from "./token-list.js";
import { rowId } from "./token-links.js";
import { maskedCell, nameCell } from "./token-row.js";
import { matchesFilter, tokens } from "./token-store.js";

/** Who ended a token, in words: an audit reads "revoked by you", "expired". */
function endedBy(token: TokenSummary): string {
  if (token.status === "expired") return "Expired";
  switch (token.revokedBy) {
    case "user":
      return "Revoked by you";
    case "operator":
      return "Revoked by an operator";
    case "rotation":
      return "Replaced (regenerated; overlap ended)";
    default:
      return "Revoked";
  }
}

function historyRow(token: TokenSummary): HTMLTableRowElement {
  const tr = element("tr");
  tr.id = rowId(token.keyId, true);
  tr.tabIndex = -1;
  const ended = token.status === "expired" ? (token.expiredAt ?? token.expiresAt) : token.revokedAt;
  tr.append(
    nameCell(token),
    maskedCell(token),
    timeCell("Created", token.createdAt, ""),
    agoCell("Last used", token.lastUsedAt),
    timeCell("Ended", ended, ""),
    labelledCell("By", "ended-by"),
  );
  tr.lastElementChild!.textContent = endedBy(token);
  return tr;
}

/** The collapsed history: revoked and expired tokens of the last 90 days, newest first. */
export function renderHistory(): void {
  const shown = tokens.history.filter((t) => matchesFilter(t, currentFilter()));
  byId("history-rows").replaceChildren(...shown.map(historyRow));
  byId("history-empty").hidden = shown.length > 0;
  byId("history-summary").textContent = `History: revoked and expired tokens (${shown.length})`;
}
