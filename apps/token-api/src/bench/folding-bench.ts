import type { TokenApi } from "../testing/index.js";

/**
 * The API filtering, sorting and counting over the orders table, against baselines measured in
 * the same run on the same table:
 * - a filtered count (1% and 20% of the rows) ÷ an unfiltered one-row page (target ≤ 5);
 * - a filtered read of 1% of the rows ÷ the same rows found by reading the whole table;
 * - every row sorted by a non-key column in 1,000-row pages ÷ the same walk in key order, in rows/s
 *   (target ≥ 0.5).
 */
export interface FoldingFigures {
  onePageMs: number;
  count1PercentMs: number;
  count20PercentMs: number;
  countRatio: number;
  filteredReadMs: number;
  fullScanMs: number;
  filteredReadRatio: number;
  keyOrderRowsPerSecond: number;
  sortedRowsPerSecond: number;
  sortedByDatetimeRowsPerSecond: number;
  sortRatio: number;
}

const TABLE = "/v1/projects/prj_acme_tower/tables/tbl_orders/rows";
const ONE_PERCENT = "amount lt 10";

export async function runFoldingBenchmarks(api: TokenApi, token: string, rounds = 15): Promise<FoldingFigures> {
  const get = async (query: string) => {
    const r = await fetch(`${api.url}${TABLE}?${query}`, { headers: { "X-Api-Key": token } });
    if (r.status !== 200) throw new Error(`${query}: ${r.status} ${await r.text()}`);
    return (await r.json()) as { rows: Record<string, unknown>[]; nextCursor: string | null; count?: number };
  };
  const timed = async (work: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const walk = async (query: string, keep?: (row: Record<string, unknown>) => boolean) => {
    let cursor: string | null = null;
    let rows = 0;
    do {
      const page = await get(`limit=1000&${query}${cursor ? `&cursor=${cursor}` : ""}`);
      rows += keep ? page.rows.filter(keep).length : page.rows.length;
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const q = encodeURIComponent;

  // Warm-up: the first read of each shape plans and caches.
  await get("limit=1");
  await get(`limit=1&count=true&filter=${q(ONE_PERCENT)}`);
  await get(`limit=1&count=true&filter=${q("region eq 'North'")}`);
  const onePage: number[] = [];
  const count1: number[] = [];
  const count20: number[] = [];
  for (let i = 0; i < rounds; i++) {
    onePage.push(await timed(() => get("limit=1")));
    count1.push(await timed(() => get(`limit=1&count=true&filter=${q(ONE_PERCENT)}`)));
    count20.push(await timed(() => get(`limit=1&count=true&filter=${q("region eq 'North'")}`)));
  }

  // 1% of the rows: asked of the API, and found by a connector that reads everything.
  // How long a walk took and how many rows it read.
  const timedWalk = async (query: string, keep?: Parameters<typeof walk>[1]) => {
    let rows = 0;
    const ms = await timed(async () => {
      rows = await walk(query, keep);
    });
    return { ms, rows };
  };
  const filtered: number[] = [];
  let filteredRows = 0;
  for (let i = 0; i < 3; i++) {
    const read = await timedWalk(`filter=${q(ONE_PERCENT)}`);
    filtered.push(read.ms);
    filteredRows = read.rows;
  }
  const { ms: fullScanMs, rows: scannedRows } = await timedWalk("", (row) => (row["amount"] as number) < 10);
  if (scannedRows !== filteredRows)
    throw new Error(`the filtered read found ${filteredRows} rows, the scan ${scannedRows}`);

  const { ms: keyMs, rows: keyRows } = await timedWalk("");
  const { ms: sortedMs, rows: sortedRows } = await timedWalk(`sort=${q("customer desc")}`);
  const { ms: datetimeMs, rows: datetimeRows } = await timedWalk(
    `sort=${q("updated_at desc")}&filter=${q("region eq 'North'")}`,
  );

  const onePageMs = median(onePage);
  const figures: FoldingFigures = {
    onePageMs: round(onePageMs),
    count1PercentMs: round(median(count1)),
    count20PercentMs: round(median(count20)),
    countRatio: round(median(count1) / onePageMs),
    filteredReadMs: round(median(filtered)),
    fullScanMs: round(fullScanMs),
    filteredReadRatio: round(median(filtered) / fullScanMs, 3),
    keyOrderRowsPerSecond: Math.round(keyRows / (keyMs / 1000)),
    sortedRowsPerSecond: Math.round(sortedRows / (sortedMs / 1000)),
    sortedByDatetimeRowsPerSecond: Math.round(datetimeRows / (datetimeMs / 1000)),
    sortRatio: round(sortedRows / sortedMs / (keyRows / keyMs)),
  };
  console.log(
    `folding: one-row page ${figures.onePageMs} ms; filtered count (1%) ${figures.count1PercentMs} ms, (20%) ${figures.count20PercentMs} ms`,
  );
  console.log(`folding: filtered count (1%) ÷ one-row page: ${figures.countRatio} (target <= 5)`);
  console.log(
    `folding: filtered read of ${filteredRows} rows ${figures.filteredReadMs} ms ÷ ` +
      `full scan ${figures.fullScanMs} ms: ${figures.filteredReadRatio} (target <= 0.05)`,
  );
  console.log(
    `folding: sorted by customer desc ${figures.sortedRowsPerSecond} rows/s ÷ ` +
      `key order ${figures.keyOrderRowsPerSecond} rows/s: ${figures.sortRatio} (target >= 0.5); ` +
      `by a datetime (20% filter, no index): ${figures.sortedByDatetimeRowsPerSecond} rows/s`,
  );
  return figures;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
