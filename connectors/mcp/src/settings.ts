import { accountUrl, type ParsedToken, parseToken, type TokenEnv } from "@layer/token-client";

/**
 * What the server is configured with. MCP clients (Claude Desktop, VS Code, Cursor) start the
 * stdio server with variables from their config file; a wrong or missing value must not stop the
 * process, since a client then shows only "server disconnected": each tool says what is wrong.
 */
export interface ServerSettings {
  /** The API's base URL, or null when LAYER_API_URL is missing or unusable (`apiUrlProblem` says why). */
  apiUrl: string | null;
  apiUrlProblem: string | null;
  /** The account page where tokens are created and revoked. */
  accountUrl: string | null;
  /** The environment a token must be for, when LAYER_TOKEN_ENV says so. */
  tokenEnv: TokenEnv | null;
  /**
   * The organization every call works in (LAYER_ORGANIZATION, sent as Layer-Organization), or
   * null for all of the token owner's organizations; `organizationProblem` says why a value was refused.
   */
  organization: string | null;
  organizationProblem: string | null;
}

export type TokenSetting = { ok: true; token: ParsedToken } | { ok: false; problem: string };

export const VARIABLES = {
  apiUrl: "LAYER_API_URL",
  token: "LAYER_API_TOKEN",
  tokenEnv: "LAYER_TOKEN_ENV",
  accountUrl: "LAYER_ACCOUNT_URL",
  organization: "LAYER_ORGANIZATION",
} as const;

/** What an organization id looks like as the API spells it (and a header can carry). */
export const ORGANIZATION_ID = /^[\x21-\x7e]{1,200}$/;

export function readSettings(env: Record<string, string | undefined>): ServerSettings {
  const raw = (env[VARIABLES.apiUrl] ?? "").trim().replace(/\/+$/, "");
  let apiUrl: string | null = null;
  let apiUrlProblem: string | null = null;
  if (raw === "") {
    apiUrlProblem = `${VARIABLES.apiUrl} is not set. Add it to the "env" of the Layer server in your MCP client's config, for example "${VARIABLES.apiUrl}": "http://127.0.0.1:8787", then restart the server.`;
  } else if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(raw)) {
    apiUrlProblem = `${VARIABLES.apiUrl} must be the Layer API's address, such as "http://127.0.0.1:8787" (http or https, no query). Fix it in your MCP client's config and restart the server.`;
  } else {
    apiUrl = raw;
  }
  const accountRaw = (env[VARIABLES.accountUrl] ?? "").trim();
  const account = /^https?:\/\/\S+$/i.test(accountRaw) ? accountRaw : apiUrl ? accountUrl(apiUrl) : null;
  const envRaw = (env[VARIABLES.tokenEnv] ?? "").trim().toLowerCase();
  const tokenEnv = envRaw === "live" || envRaw === "test" ? envRaw : null;
  const organizationRaw = (env[VARIABLES.organization] ?? "").trim();
  const organizationOk = organizationRaw === "" || ORGANIZATION_ID.test(organizationRaw);
  return {
    apiUrl,
    apiUrlProblem,
    accountUrl: account,
    tokenEnv,
    organization: organizationOk && organizationRaw !== "" ? organizationRaw : null,
    organizationProblem: organizationOk
      ? null
      : `${VARIABLES.organization} must be one organization id such as "org_acme" (token_status lists yours), or unset for all of them. Fix it in your MCP client's config and restart the server.`,
  };
}

/** The token from a variable or a request header, through the one parser; the problem names where it came from. */
export function readToken(value: string | undefined, source: TokenSource, settings: ServerSettings): TokenSetting {
  if (value === undefined || value.trim() === "") {
    return {
      ok: false,
      problem: `${source.name} is not set. Create a token on your Layer account page${settings.accountUrl ? ` (${settings.accountUrl})` : ""}, ${source.howToSet}.`,
    };
  }
  const parsed = parseToken(value, settings.tokenEnv ? { expectedEnv: settings.tokenEnv } : {});
  if (parsed.ok) return { ok: true, token: parsed.token };
  const why = parsed.problem === "wrong_env" ? ` (${VARIABLES.tokenEnv} is "${settings.tokenEnv}")` : "";
  return { ok: false, problem: `${source.name}: ${parsed.message}${why} ${source.howToFix}` };
}

/** Where a token came from, in the words a person fixes it with. */
export interface TokenSource {
  name: string;
  howToSet: string;
  howToFix: string;
  /** The rotation step that puts a new token in place. */
  howToSwitch: string;
}

export const TOKEN_FROM_ENV: TokenSource = {
  name: VARIABLES.token,
  howToSet: `put it in ${VARIABLES.token} in the "env" of the Layer server in your MCP client's config, and restart the server`,
  howToFix: "Fix the value in your MCP client's config and restart the server.",
  howToSwitch: `Put the new token in ${VARIABLES.token} in your MCP client's config (the "env" of the Layer server) and restart the server.`,
};

export const TOKEN_FROM_HEADER: TokenSource = {
  name: "The Layer token header",
  howToSet:
    'and send it with every request as "Authorization: Bearer <token>" or "X-Api-Key: <token>" (a "headers" entry in your MCP client\'s config)',
  howToFix: "Fix the header in your MCP client's config and reconnect.",
  howToSwitch:
    "Put the new token in the Authorization (or X-Api-Key) header of your MCP client's config and reconnect.",
};
