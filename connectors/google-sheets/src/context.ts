import { accountUrl as layerAccountUrl } from "@layer/token-client/sync";
import type { AppsScript, Spreadsheet } from "./apps-script/services.js";

/** Where the add-on talks to, fixed at build time from LAYER_API_URL (scripts/build.mjs). */
export interface AddonConfig {
  apiBaseUrl: string;
}

/** One execution's view of the world: the services, the configuration and the clock. */
export interface AddonContext {
  gas: AppsScript;
  config: AddonConfig;
  now: () => number;
  /** The spreadsheet a time-driven run opened by id (no document is active then). */
  document?: Spreadsheet;
}

/** The account page of the configured API (assembled by the token client, the one place that knows its path). */
export function accountUrl(config: AddonConfig): string {
  return layerAccountUrl(config.apiBaseUrl);
}

export function activeSpreadsheet(ctx: AddonContext): Spreadsheet {
  const spreadsheet = ctx.document ?? ctx.gas.SpreadsheetApp.getActive();
  if (!spreadsheet)
    throw new UserFacingError("Open a spreadsheet first: Layer works inside the spreadsheet it imports into.");
  return spreadsheet;
}

/** An error whose message is written for the analyst and is safe to show as is. */
export class UserFacingError extends Error {
  override readonly name = "UserFacingError";
}

/** No token is connected for this user in this spreadsheet. */
export class NoTokenError extends UserFacingError {
  constructor() {
    super("No Layer token is connected for you in this spreadsheet: Extensions › Layer › Connect token.");
  }
}
