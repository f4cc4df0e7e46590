import type { Browser, BrowserContext, Page } from "playwright-core";
import type { StandInRequest } from "./office-stand-in-node.d.mts";

export interface Status {
  text: string;
  tone: string;
}
export interface StandInTable {
  name: string;
  sheet: string;
  style: string;
  address: string;
  rows: number;
  columns: number;
}
/** One context.sync(): the bytes its request carried, and what it wrote. */
export type SyncRecord = StandInRequest;
export type Invocation =
  | { value: unknown; error?: undefined }
  | { value?: undefined; error: { code: string; message: string; standIn?: boolean } };

export function chromiumPath(): string;
export function launchBrowser(): Promise<Browser>;
export function openTaskpane(
  browser: Browser,
  options: { url: string; apiUrl?: string; office?: "stand-in" | "real"; standIn?: Record<string, unknown> },
): Promise<{ page: Page; context: BrowserContext; consoleErrors: string[] }>;
export function connectToken(page: Page, token: string): Promise<Status>;
export function statusOf(page: Page, selector: string): Promise<Status>;
export function chooseTable(page: Page, options: { project: string; table: string }): Promise<void>;
export function importTable(
  page: Page,
  options: { project: string; table: string; fields?: string[]; sheet?: string; timeoutMs?: number },
): Promise<Status>;
export function waitForImportOutcome(page: Page, timeoutMs?: number): Promise<Status>;
export function standIn(page: Page): {
  invoke(id: string, ...args: unknown[]): Promise<Invocation>;
  tables(): Promise<StandInTable[]>;
  tableValues(name: string, limit?: number): Promise<unknown[][] | null>;
  syncs(): Promise<number>;
  syncLog(): Promise<SyncRecord[]>;
  largestRequestBytes(): Promise<number>;
  sheetNames(): Promise<string[]>;
  cellCount(): Promise<number>;
  settings(): Promise<Record<string, unknown>>;
  workbookContains(needle: string): Promise<boolean>;
  headerBold(name: string): Promise<boolean>;
  numberFormatAt(sheet: string, address: string): Promise<string>;
  functionIds(): Promise<string[]>;
};
