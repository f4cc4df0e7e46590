/**
 * Every function Apps Script calls by name: menu items, triggers, google.script.run calls from
 * the sidebar, and the custom function. The build generates one top-level stub per entry (with
 * this JSDoc) into Code.js, because Apps Script only sees top-level functions and bundlers strip
 * comments; main.ts must export exactly these names (checked by the typecheck and the bundle test).
 */
export interface EntryParam {
  name: string;
  type: string;
  description: string;
  optional?: boolean;
}

export interface EntryPoint {
  name: string;
  description: string;
  params: EntryParam[];
  /** Generates `@customfunction` so Sheets offers it in formula autocomplete. */
  customFunction?: boolean;
  returns?: string;
}

export const ENTRY_POINTS = [
  {
    name: "onOpen",
    description: "Builds the Extensions › Layer menu and shows pending notices.",
    params: [{ name: "e", type: "Object", description: "The open event." }],
  },
  {
    name: "onInstall",
    description: "Runs when the add-on is installed: same as opening.",
    params: [{ name: "e", type: "Object", description: "The install event." }],
  },
  { name: "showConnectToken", description: "Menu: Connect token.", params: [] },
  { name: "showImportTable", description: "Menu: Import table.", params: [] },
  { name: "refreshCurrent", description: "Menu: Refresh the import on this sheet.", params: [] },
  { name: "refreshAllImports", description: "Menu: Refresh all imports of this spreadsheet.", params: [] },
  { name: "showRotateToken", description: "Menu: Rotate token.", params: [] },
  { name: "showSchedule", description: "Menu: Schedule.", params: [] },
  {
    name: "scheduledRefresh",
    description: "Time-driven trigger: refreshes the spreadsheet the trigger was made for.",
    params: [{ name: "e", type: "Object", description: "The trigger event." }],
  },
  {
    name: "LAYER_TABLE",
    description:
      "Returns the rows of a Layer table with a header row. Runs with the spreadsheet owner's token, once the owner turns formulas on.",
    customFunction: true,
    returns: "The table's rows, first row the column names.",
    params: [
      { name: "project", type: "string", description: 'The project id, e.g. "prj_acme_tower".' },
      { name: "table", type: "string", description: 'The table id, e.g. "tbl_sites".' },
      {
        name: "fields",
        type: "string",
        description: "Optional comma-separated column names (or a range of names); all columns when empty.",
        optional: true,
      },
      {
        name: "limit",
        type: "number",
        description: "Optional number of rows, 1 to 10000 (default 1000).",
        optional: true,
      },
      {
        name: "filter",
        type: "string",
        description: "Optional filter in Layer's filter language, e.g. \"region eq 'North' and amount ge 500\".",
        optional: true,
      },
    ],
  },
  { name: "sidebarState", description: "Sidebar: everything the sidebar shows.", params: [] },
  {
    name: "connectToken",
    description: "Sidebar: checks, verifies and stores a pasted token.",
    params: [{ name: "token", type: "string", description: "The pasted token." }],
  },
  {
    name: "selectToken",
    description: "Sidebar: uses one of your tokens in this spreadsheet.",
    params: [{ name: "keyId", type: "string", description: "The token's key_id." }],
  },
  { name: "listProjects", description: "Sidebar: projects the token can read.", params: [] },
  {
    name: "tokenReach",
    description: "Sidebar: what the token may do, the projects it reaches, and your organizations.",
    params: [],
  },
  {
    name: "chooseOrganization",
    description: "Sidebar: the organization the sidebar lists (empty for all of yours).",
    params: [{ name: "organizationId", type: "string", description: "An organization id, or empty for all." }],
  },
  {
    name: "listTables",
    description: "Sidebar: tables of a project.",
    params: [{ name: "projectId", type: "string", description: "The project id." }],
  },
  {
    name: "listColumns",
    description: "Sidebar: columns of a table.",
    params: [
      { name: "projectId", type: "string", description: "The project id." },
      { name: "tableId", type: "string", description: "The table id." },
    ],
  },
  {
    name: "createImport",
    description: "Sidebar: saves a new import definition.",
    params: [{ name: "request", type: "Object", description: "Project, table, fields and destination." }],
  },
  {
    name: "importStep",
    description: "Sidebar: runs one step of an import.",
    params: [{ name: "importId", type: "string", description: "The import's id." }],
  },
  {
    name: "removeImport",
    description: "Sidebar: forgets an import (its cells stay).",
    params: [{ name: "importId", type: "string", description: "The import's id." }],
  },
  {
    name: "rotateToken",
    description: "Sidebar: switches to a new pasted token.",
    params: [
      { name: "token", type: "string", description: "The new token." },
      {
        name: "confirmOtherUser",
        type: "boolean",
        description: "True once the user accepted a token of another user.",
      },
    ],
  },
  {
    name: "rotateTokenOneClick",
    description: "Sidebar: self-rotation with a grace window.",
    params: [{ name: "graceDays", type: "number", description: "Days the old token keeps working (0 to 7)." }],
  },
  {
    name: "setSchedule",
    description: "Sidebar: hourly, daily or off.",
    params: [{ name: "frequency", type: "string", description: "hourly, daily or off." }],
  },
  {
    name: "setFormulas",
    description: "Sidebar: turns LAYER_TABLE on or off for this spreadsheet (owner only).",
    params: [{ name: "enabled", type: "boolean", description: "On or off." }],
  },
] as const satisfies readonly EntryPoint[];

export type EntryName = (typeof ENTRY_POINTS)[number]["name"];
