/**
 * Apps Script's published limits, as the stand-ins enforce them. Where Google's wording leaves
 * room ("100 KB"), the stand-in takes the stricter reading: a test then fails wherever the host
 * could refuse.
 */
export const HOST_LIMITS = {
  /** PropertiesService: one value (key and value, UTF-8). */
  propertyValueBytes: 9 * 1024,
  /** PropertiesService: one store in all. */
  propertyStoreBytes: 500 * 1024,
  /** CacheService: one value, UTF-8 (100 KB read as 100,000 bytes). */
  cacheValueBytes: 100_000,
  /** CacheService: a key. */
  cacheKeyChars: 250,
  /** CacheService: the longest expiration, 6 hours. */
  cacheTtlSeconds: 21_600,
  /** UrlFetchApp: one response. */
  fetchResponseBytes: 50 * 1024 * 1024,
  /** One execution of a menu item, trigger or sidebar call. */
  executionMs: 6 * 60_000,
  /** One custom-function call. */
  customFunctionMs: 30_000,
  /** Cells in one spreadsheet, every sheet and empty cell included. */
  spreadsheetCells: 10_000_000,
  /** Installable triggers per user per script. */
  triggersPerUser: 20,
  /** Utilities.sleep: the longest single sleep. */
  sleepMs: 300_000,
} as const;

/** UTF-8 length, as the host counts stored values. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
