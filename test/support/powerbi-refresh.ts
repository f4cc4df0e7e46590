import { getJson, type FeedPage } from "@layer/powerbi/testing";

/** The statuses Web.Contents (under OData.Feed) retries by itself, up to 3 times (docs/hosts.md). */
const POWER_BI_RETRIES = new Set([408, 429, 503, 504, 509]);
const MAX_RETRIES = 3;

export interface PowerBiGet {
  page: FeedPage;
  attempts: number;
  /** The waits Power BI would make before each retry, in ms. */
  waits: number[];
}

/**
 * One GET as Power BI's engine makes it: retried on its own list of statuses, waiting Retry-After
 * only as delta-seconds clamped to 0.5-120 s, else a backoff. The wait goes through `sleep`, so a
 * scenario decides whether time really passes.
 */
export async function powerBiGet(
  url: string,
  headers: Record<string, string>,
  sleep: (ms: number) => Promise<void>,
): Promise<PowerBiGet> {
  const waits: number[] = [];
  for (let attempt = 1; ; attempt++) {
    const page = await getJson(url, headers);
    if (!POWER_BI_RETRIES.has(page.status) || attempt > MAX_RETRIES) return { page, attempts: attempt, waits };
    const retryAfter = Number(page.headers.get("retry-after"));
    const wait =
      Number.isFinite(retryAfter) && retryAfter > 0
        ? Math.min(120_000, Math.max(500, retryAfter * 1_000))
        : 2 ** attempt * 1_000;
    waits.push(wait);
    await sleep(wait);
  }
}

export interface PowerBiRefresh {
  /** The status that ended the refresh: 200 when every page of the entity set was read. */
  status: number;
  rows: number;
  /** The OData error Power BI shows, when it failed. */
  error: { code: string; message: string } | null;
  headers: Headers | null;
  requests: number;
  waits: number[];
}

/** A refresh of one entity set: the first page, then every @odata.nextLink, each as powerBiGet. */
export async function refreshEntitySet(
  url: string,
  headers: Record<string, string>,
  sleep: (ms: number) => Promise<void>,
): Promise<PowerBiRefresh> {
  let next: string | undefined = url;
  let rows = 0;
  let requests = 0;
  const waits: number[] = [];
  while (next !== undefined) {
    const got = await powerBiGet(next, headers, sleep);
    requests += got.attempts;
    waits.push(...got.waits);
    if (got.page.status !== 200) {
      const error = (got.page.body["error"] as { code: string; message: string } | undefined) ?? null;
      return { status: got.page.status, rows, error, headers: got.page.headers, requests, waits };
    }
    rows += (got.page.body["value"] as unknown[]).length;
    const link = got.page.body["@odata.nextLink"];
    next = typeof link === "string" ? link : undefined;
  }
  return { status: 200, rows, error: null, headers: null, requests, waits };
}
