import { redactSecrets } from "../token/redact.js";
import { oneLine } from "./one-line.js";

/** The hosts a connector names in its token's name, the way a person would recognise it on the account page. */
export type ConnectorTool = "Google Sheets" | "Excel" | "Power BI" | (string & {});

/** Token names are 1 to 100 characters (the API's token schema). */
export const TOKEN_NAME_MAX = 100;

/** How long a token created from a connector's link lives: the account page's rotation default. */
export const SUGGESTED_EXPIRY = "90d";

/**
 * The account page (create, list, revoke tokens) of the API at `apiBaseUrl`: the one place its
 * address is assembled. Trailing slashes of the base are dropped.
 */
export function accountUrl(apiBaseUrl: string): string {
  return `${String(apiBaseUrl).trim().replace(/\/+$/, "")}/account/api`;
}

/** A document's extension says nothing about what the token is for. */
const DOCUMENT_EXTENSION = /\.(xlsx|xlsm|xlsb|xls|csv|ods|pbix|pbit)$/i;

/**
 * The one naming rule for a token a connector asks for: `<tool> - <document>`, or the tool alone
 * without a usable document name. The document name loses control characters, anything
 * token-shaped and its file extension; a name over the API's 100 characters is cut in the
 * document part and ends with `…`, so the tool always shows.
 */
export function suggestedTokenName(tool: ConnectorTool, documentName?: string | null): string {
  const toolName = oneLine(String(tool)) || "Layer";
  const doc = oneLine(redactSecrets(String(documentName ?? "")))
    .replace(DOCUMENT_EXTENSION, "")
    .trim();
  if (!doc) return cut(toolName, TOKEN_NAME_MAX);
  const head = `${toolName} - `;
  if (head.length >= TOKEN_NAME_MAX) return cut(toolName, TOKEN_NAME_MAX);
  return head + cut(doc, TOKEN_NAME_MAX - head.length);
}

/**
 * The account page's link that opens the create form filled in: the suggested name and a 90-day
 * expiry. Encoded by hand (Apps Script has no URLSearchParams); `&` joins a page that already has a query.
 */
export function createTokenUrl(accountPage: string, name: string): string {
  const join = accountPage.includes("?") ? "&" : "?";
  return `${accountPage}${join}create=1&name=${encodeURIComponent(name)}&expires=${SUGGESTED_EXPIRY}`;
}

/** At most `max` UTF-16 units, ending with `…` when cut, never splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${s.slice(0, end).trimEnd()}\u2026`;
}
