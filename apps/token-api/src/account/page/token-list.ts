import type { TokenList, TokenSummary } from "@layer/contracts";
import { api, PageApiError } from "./api.js";
import { fullFormat, relative, timeCell } from "./dates.js";
import { byId } from "./dom.js";
import { describe, showAlert } from "./messages.js";

/** What a row's buttons open (the rename and revoke modules register them). */
export interface RowActions {
  rename(tr: HTMLTableRowElement, token: TokenSummary): void;
  revoke(token: TokenSummary, opener: HTMLElement): void;
}

let actions: RowActions | undefined;
let filter = "";

export function setRowActions(rowActions: RowActions): void {
  actions = rowActions;
}

export async function loadTokens(): Promise<void> {
  const query = filter ? `?name=${encodeURIComponent(filter)}` : "";
  try {
    const { tokens } = await api<TokenList>("GET", `/v1/tokens${query}`);
    renderTokens(tokens);
  } catch (err) {
    if (!(err instanceof PageApiError && err.status === 401)) showAlert(describe(err));
  }
}

function renderTokens(tokens: TokenSummary[]): void {
  byId("token-rows").replaceChildren(...tokens.map(tokenRow));
  const empty = byId("tokens-empty");
  empty.hidden = tokens.length > 0;
  empty.textContent = filter
    ? `No token's name contains “${filter}”.`
    : "You hold no API tokens yet. Create one for each integration you connect.";
}

/** A row action button whose accessible name says which token it acts on. */
function rowButton(label: string, className: string, tokenName: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = className;
  button.textContent = label;
  button.setAttribute("aria-label", `${label} ${tokenName}`);
  button.addEventListener("click", onClick);
  return button;
}

function tokenRow(token: TokenSummary): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.dataset["keyId"] = token.keyId;

  const name = document.createElement("td");
  name.className = "name";
  const nameText = document.createElement("span");
  nameText.className = "token-name";
  nameText.textContent = token.name;
  const env = document.createElement("span");
  env.className = "env";
  env.textContent = token.legacy ? "legacy" : token.env;
  // A single-token-era key keeps working, but the product asks users to replace it with a named one.
  if (token.legacy) env.title = "A token from before named tokens: create a named one and revoke this.";
  name.append(nameText, env);

  const masked = document.createElement("td");
  masked.className = "masked";
  const code = document.createElement("code");
  code.textContent = token.masked;
  masked.append(code);

  const expires = timeCell(token.expiresAt, "Never");
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) {
    const tag = document.createElement("span");
    tag.className = "expired";
    tag.textContent = " (expired)";
    expires.append(tag);
  }

  const lastUsed = document.createElement("td");
  lastUsed.className = "when";
  if (token.lastUsedAt) {
    const time = document.createElement("time");
    time.dateTime = token.lastUsedAt;
    time.title = fullFormat.format(new Date(token.lastUsedAt));
    time.textContent = relative(token.lastUsedAt);
    lastUsed.append(time);
  } else {
    lastUsed.textContent = "Never";
  }

  const cell = document.createElement("td");
  cell.className = "actions";
  const rename = rowButton("Rename", "rename", token.name, () => actions?.rename(tr, token));
  const revoke = rowButton("Revoke", "revoke danger-outline", token.name, () => actions?.revoke(token, revoke));
  cell.append(rename, revoke);

  tr.append(name, masked, timeCell(token.createdAt, ""), expires, lastUsed, cell);
  return tr;
}

/** The name filter: the list is asked again 200 ms after the last keystroke. */
export function wireFilter(): void {
  let filterTimer = 0;
  byId("filter").addEventListener("input", (event) => {
    filter = (event.target as HTMLInputElement).value.trim();
    clearTimeout(filterTimer);
    filterTimer = window.setTimeout(loadTokens, 200);
  });
}
