/**
 * The slice of each Apps Script service the add-on uses. Production passes the real globals
 * (main.ts), which must be assignable to these shapes, so a signature written wrong here fails
 * the typecheck against @types/google-apps-script; the test fakes implement the same shapes.
 */
type GasSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface Properties {
  getProperty(key: string): string | null;
  setProperty(key: string, value: string): Properties;
  deleteProperty(key: string): Properties;
  getProperties(): { [key: string]: string };
}

export interface PropertiesService {
  getUserProperties(): Properties;
}

export interface Cache {
  get(key: string): string | null;
  put(key: string, value: string, expirationInSeconds: number): void;
  remove(key: string): void;
}

export interface CacheService {
  getDocumentCache(): Cache | null;
  getUserCache(): Cache | null;
}

export interface Lock {
  tryLock(timeoutInMillis: number): boolean;
  releaseLock(): void;
}

export interface LockService {
  getDocumentLock(): Lock | null;
  getUserLock(): Lock;
}

export interface Utilities {
  readonly DigestAlgorithm: { readonly SHA_256: GoogleAppsScript.Utilities.DigestAlgorithm };
  readonly Charset: { readonly UTF_8: GoogleAppsScript.Utilities.Charset };
  computeDigest(
    algorithm: GoogleAppsScript.Utilities.DigestAlgorithm,
    value: string,
    charset: GoogleAppsScript.Utilities.Charset,
  ): number[];
  sleep(milliseconds: number): void;
  parseDate(date: string, timeZone: string, format: string): GoogleAppsScript.Base.Date;
  formatDate(date: GoogleAppsScript.Base.Date, timeZone: string, format: string): string;
}

export interface HttpResponse {
  getResponseCode(): number;
  getContentText(): string;
  getAllHeaders(): object;
}

export interface UrlFetchApp {
  fetch(url: string, params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions): HttpResponse;
}

export interface Range {
  setValues(values: unknown[][]): Range;
  setNumberFormat(numberFormat: string): Range;
  setFontWeight(fontWeight: "bold" | "normal" | null): Range;
  setBackground(color: string | null): Range;
  setFontColor(color: string | null): Range;
  getRow(): number;
  getColumn(): number;
  getA1Notation(): string;
  getSheet(): Sheet;
  getValues(): unknown[][];
  clearContent(): Range;
}

export interface Sheet {
  getName(): string;
  getRange(row: number, column: number, numRows: number, numColumns: number): Range;
  getRange(a1Notation: string): Range;
  getMaxRows(): number;
  getMaxColumns(): number;
  getLastRow(): number;
  insertRowsAfter(afterPosition: number, howMany: number): Sheet;
  insertColumnsAfter(afterPosition: number, howMany: number): Sheet;
  deleteRows(rowPosition: number, howMany: number): void;
  deleteColumns(columnPosition: number, howMany: number): void;
  setFrozenRows(rows: number): void;
  appendRow(rowContents: unknown[]): Sheet;
  activate(): Sheet;
}

export interface DeveloperMetadata {
  getKey(): string;
  getValue(): string | null;
  setValue(value: string): DeveloperMetadata;
  remove(): void;
}

export interface Spreadsheet {
  getId(): string;
  getDeveloperMetadata(): DeveloperMetadata[];
  addDeveloperMetadata(key: string, value: string): Spreadsheet;
  getName(): string;
  getSheetByName(name: string): Sheet | null;
  getSheets(): Sheet[];
  insertSheet(sheetName: string): Sheet;
  getActiveSheet(): Sheet;
  getActiveRange(): Range | null;
  getSpreadsheetTimeZone(): string;
  toast(msg: string, title: string, timeoutSeconds: number): void;
}

export interface Menu {
  addItem(caption: string, functionName: string): Menu;
  addSeparator(): Menu;
  addToUi(): void;
}

export interface HtmlOutput {
  setTitle(title: string): HtmlOutput;
}

export interface Ui {
  createAddonMenu(): Menu;
  showSidebar(userInterface: HtmlOutput): void;
}

export interface SpreadsheetApp {
  getActive(): Spreadsheet | null;
  openById(id: string): Spreadsheet;
  getUi(): Ui;
}

export interface HtmlService {
  createHtmlOutputFromFile(filename: string): HtmlOutput;
}

export interface Trigger {
  getUniqueId(): string;
  getHandlerFunction(): string;
}

export interface ClockTriggerBuilder {
  everyHours(n: number): ClockTriggerBuilder;
  everyDays(n: number): ClockTriggerBuilder;
  atHour(hour: number): ClockTriggerBuilder;
  create(): Trigger;
}

export interface TriggerBuilder {
  timeBased(): ClockTriggerBuilder;
}

export interface ScriptApp {
  newTrigger(functionName: string): TriggerBuilder;
  getProjectTriggers(): Trigger[];
  deleteTrigger(trigger: Trigger): void;
}

/** Everything the add-on touches, injected so the core runs under vitest and in node:vm alike. */
export interface AppsScript {
  SpreadsheetApp: SpreadsheetApp;
  PropertiesService: PropertiesService;
  CacheService: CacheService;
  LockService: LockService;
  Utilities: Utilities;
  UrlFetchApp: UrlFetchApp;
  HtmlService: HtmlService;
  ScriptApp: ScriptApp;
}

/** Compile-time proof that the real services fit the slices above (never called). */
export function realServicesFit(real: {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  CacheService: GoogleAppsScript.Cache.CacheService;
  LockService: GoogleAppsScript.Lock.LockService;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
}): AppsScript {
  const spreadsheet: Spreadsheet | null = null as GasSpreadsheet | null;
  void spreadsheet;
  return real;
}
