// appsscript.json for the editor add-on. Scopes are explicit so that Google shows exactly these
// on the consent screen (and the add-on review sees no surprise).
export const OAUTH_SCOPES = [
  // Read and write cells. Not `spreadsheets.currentonly`: a scheduled refresh runs from a
  // time-driven trigger with no active document and must open it by id (SpreadsheetApp.openById).
  "https://www.googleapis.com/auth/spreadsheets",
  // Menus and the sidebar.
  "https://www.googleapis.com/auth/script.container.ui",
  // UrlFetchApp to the Layer API (limited further by urlFetchWhitelist).
  "https://www.googleapis.com/auth/script.external_request",
  // Schedule: time-driven triggers.
  "https://www.googleapis.com/auth/script.scriptapp",
];

/** Apps Script requires whitelist entries to be https prefixes ending in "/". */
export function whitelistEntry(apiUrl) {
  return `${apiUrl.replace(/\/+$/, "")}/`;
}

// Google's rule for a urlFetchWhitelist entry: https, a full host name (a domain with at least
// one dot; `*.` may stand for subdomains), an optional port, then a path (at least "/").
const WHITELIST_RULE = /^https:\/\/(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?\/[^\s?#]*$/i;

/** Why Apps Script would reject this whitelist entry, or null when it would accept it. */
export function whitelistProblem(entry) {
  if (!entry.startsWith("https://")) return `${entry} is not https: Apps Script fetches only https URLs`;
  if (!WHITELIST_RULE.test(entry)) return `${entry} needs a full host name (like api.example.com) and a path`;
  return null;
}

/**
 * A build for Apps Script whitelists the API; a test build (no https API) has no whitelist at
 * all, rather than one Apps Script would reject, and cannot be pushed (scripts/push.mjs).
 */
export function manifest(apiUrl, { testBuild = false } = {}) {
  return {
    timeZone: "Etc/UTC",
    runtimeVersion: "V8",
    exceptionLogging: "STACKDRIVER",
    oauthScopes: OAUTH_SCOPES,
    ...(testBuild ? {} : { urlFetchWhitelist: [whitelistEntry(apiUrl)] }),
  };
}
