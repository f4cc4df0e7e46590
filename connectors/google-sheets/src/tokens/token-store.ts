import type { Properties } from "../apps-script/services.js";
import { DocumentStore } from "../apps-script/document-store.js";
import { activeSpreadsheet, type AddonContext } from "../context.js";

/** Why a stored token stopped working; set by a 401 or a kill switch, cleared by a good whoami. */
export interface TokenProblem {
  kind: "unauthenticated" | "kill_switch";
  /** `expired`, `revoked`, `invalid`… for a 401; the kill switch scope otherwise. */
  reason: string;
  message: string;
  at: string;
}

/**
 * A named token as this user keeps it. Lives ONLY in the user's properties (per user, per
 * script): document properties and cells are readable by every editor of the spreadsheet.
 */
export interface StoredToken {
  name: string;
  keyId: string;
  masked: string;
  secret: string;
  env: string | null;
  legacy: boolean;
  user: { id: string; name: string; email: string };
  expiresAt: string | null;
  connectedAt: string;
  problem: TokenProblem | null;
  /**
   * The organization the sidebar lists (sent as Layer-Organization), or null/absent for all of the
   * user's: remembered with the token, in the user's own properties.
   */
  organization?: string | null;
}

/** What a sidebar or a document may see of a token: never the secret. */
export type TokenView = Omit<StoredToken, "secret">;

/** The spreadsheet's chosen token, safe for the document: name and key_id only. */
export interface DocumentConnection {
  tokenName: string;
  keyId: string;
  userName: string;
}

const TOKEN_PREFIX = "layer.token.";
const CHOICE_PREFIX = "layer.choice.";
const CONNECTION_KEY = "layer.connection";

export function tokenView(token: StoredToken): TokenView {
  const { secret: _secret, ...view } = token;
  return view;
}

function userProperties(ctx: AddonContext): Properties {
  return ctx.gas.PropertiesService.getUserProperties();
}

/** The spreadsheet's own store (developer metadata): readable by every editor, so never a secret. */
export function documentStore(ctx: AddonContext): Properties {
  return new DocumentStore(activeSpreadsheet(ctx));
}

export function listTokens(ctx: AddonContext): StoredToken[] {
  const all = userProperties(ctx).getProperties();
  return Object.keys(all)
    .filter((key) => key.startsWith(TOKEN_PREFIX))
    .map((key) => JSON.parse(all[key] ?? "null") as StoredToken)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function getToken(ctx: AddonContext, keyId: string): StoredToken | null {
  const raw = userProperties(ctx).getProperty(TOKEN_PREFIX + keyId);
  return raw ? (JSON.parse(raw) as StoredToken) : null;
}

export function saveToken(ctx: AddonContext, token: StoredToken): void {
  userProperties(ctx).setProperty(TOKEN_PREFIX + token.keyId, JSON.stringify(token));
}

export function forgetToken(ctx: AddonContext, keyId: string): void {
  const properties = userProperties(ctx);
  properties.deleteProperty(TOKEN_PREFIX + keyId);
  for (const [key, value] of Object.entries(properties.getProperties())) {
    if (key.startsWith(CHOICE_PREFIX) && value === keyId) properties.deleteProperty(key);
  }
}

export function markProblem(ctx: AddonContext, keyId: string, problem: TokenProblem | null): void {
  const token = getToken(ctx, keyId);
  if (token) saveToken(ctx, { ...token, problem });
}

/** Makes `keyId` this user's token for the spreadsheet and records the choice (no secret) in it. */
export function chooseToken(ctx: AddonContext, spreadsheetId: string, token: StoredToken): void {
  userProperties(ctx).setProperty(CHOICE_PREFIX + spreadsheetId, token.keyId);
  const connection: DocumentConnection = { tokenName: token.name, keyId: token.keyId, userName: token.user.name };
  documentStore(ctx).setProperty(CONNECTION_KEY, JSON.stringify(connection));
}

/** Points every spreadsheet that used `oldKeyId` at `newKeyId` (after a rotation). */
export function replaceChoices(ctx: AddonContext, oldKeyId: string, newKeyId: string): void {
  const properties = userProperties(ctx);
  for (const [key, value] of Object.entries(properties.getProperties())) {
    if (key.startsWith(CHOICE_PREFIX) && value === oldKeyId) properties.setProperty(key, newKeyId);
  }
}

export function documentConnection(ctx: AddonContext): DocumentConnection | null {
  const raw = documentStore(ctx).getProperty(CONNECTION_KEY);
  return raw ? (JSON.parse(raw) as DocumentConnection) : null;
}

/**
 * The token this user uses in this spreadsheet: their own choice for it, else the document's
 * choice when they hold that token, else their only token. Another editor never gets the
 * document owner's token: secrets come from the caller's own user properties only.
 */
export function currentToken(ctx: AddonContext, spreadsheetId: string): StoredToken | null {
  const chosen = userProperties(ctx).getProperty(CHOICE_PREFIX + spreadsheetId);
  if (chosen) {
    const token = getToken(ctx, chosen);
    if (token) return token;
  }
  const connection = documentConnection(ctx);
  if (connection) {
    const token = getToken(ctx, connection.keyId);
    if (token) return token;
  }
  const all = listTokens(ctx);
  return all.length === 1 ? (all[0] ?? null) : null;
}
