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
  return apiUrl.replace(/\/+$/, "") + "/";
}

export function manifest(apiUrl) {
  return {
    timeZone: "Etc/UTC",
    runtimeVersion: "V8",
    exceptionLogging: "STACKDRIVER",
    oauthScopes: OAUTH_SCOPES,
    urlFetchWhitelist: [whitelistEntry(apiUrl)],
  };
}
