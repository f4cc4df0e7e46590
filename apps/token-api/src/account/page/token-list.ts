import type { TokenSummary } from "@layer/contracts";
import { byId } from "./dom.js";
import { type RowActions, tokenRow } from "./token-row.js";
import { matchesFilter, tokens } from "./token-store.js";

export type { RowActions } from "./token-row.js";

let actions: RowActions | undefined;
let filter = "";

export function setRowActions(rowActions: RowActions): void {
  actions = rowActions;
}

export const currentFilter = (): string => filter;

/** The row actions, for other places that offer them (the expiry banner). */
export const rowActions = (): RowActions => actions!;

/** Draws the active tokens the filter lets through. */
export function renderTokens(): void {
  const shown = tokens.active.filter((t) => matchesFilter(t, filter));
  byId("token-rows").replaceChildren(...shown.map((t: TokenSummary) => tokenRow(t, actions!)));
  const empty = byId("tokens-empty");
  empty.hidden = shown.length > 0;
  empty.textContent = filter
    ? `No token's name contains “${filter}”.`
    : "You hold no API tokens yet. Create one for each integration you connect.";
}

/** The name filter: the lists redraw 200 ms after the last keystroke. */
export function wireFilter(onChange: () => void): void {
  let filterTimer = 0;
  byId("filter").addEventListener("input", (event) => {
    filter = (event.target as HTMLInputElement).value.trim();
    clearTimeout(filterTimer);
    filterTimer = window.setTimeout(onChange, 200);
  });
}
