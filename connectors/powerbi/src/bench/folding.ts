/**
 * Query folding through the proxy, against the same proxy reading the way it did before folding:
 * - 1% of the orders (`amount lt 10`): folded `$filter` ÷ a full scan of the table filtered in the
 *   client (what an unfolded filter costs: every row crosses the API and the proxy) — target ≤ 0.05;
 * - a filtered `$count` ÷ an unfiltered one-row page (`$top=1`) — target ≤ 5.
 */
export interface ProxyFoldingFigures {
  filteredRows: number;
  filteredReadMs: number;
  fullScanMs: number;
  filteredReadRatio: number;
  countMs: number;
  onePageMs: number;
  countRatio: number;
}

const FILTER = "amount lt 10";

export async function runProxyFolding(
  serviceUrl: string,
  token: string,
  set = "Acme_Tower_Orders",
): Promise<ProxyFoldingFigures> {
  const auth = `Basic ${Buffer.from(`powerbi:${token}`).toString("base64")}`;
  const get = async (url: string) => {
    const res = await fetch(url, { headers: { Authorization: auth, Accept: "application/json" } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res;
  };
  const readAll = async (query: string, keep: (row: Record<string, unknown>) => boolean = () => true) => {
    let next: string | undefined = `${serviceUrl}/${set}${query}`;
    let rows = 0;
    while (next) {
      const body = (await (await get(next)).json()) as { value: Record<string, unknown>[]; "@odata.nextLink"?: string };
      rows += body.value.filter(keep).length;
      next = body["@odata.nextLink"];
    }
    return rows;
  };
  const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
    const start = process.hrtime.bigint();
    const value = await work();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const q = `?$filter=${encodeURIComponent(FILTER)}`;

  await readAll(q);
  const folded = [];
  for (let i = 0; i < 3; i++) folded.push(await timed(() => readAll(q)));
  const scan = await timed(() => readAll("", (row) => (row["amount"] as number) < 10));
  if (scan.value !== folded[0]!.value) throw new Error(`folded ${folded[0]!.value} rows, the scan ${scan.value}`);

  const counts: number[] = [];
  const pages: number[] = [];
  for (let i = 0; i < 11; i++) {
    pages.push((await timed(async () => (await get(`${serviceUrl}/${set}?$top=1`)).text())).ms);
    counts.push((await timed(async () => (await get(`${serviceUrl}/${set}/$count${q}`)).text())).ms);
  }
  const filteredReadMs = median(folded.map((f) => f.ms));
  const figures: ProxyFoldingFigures = {
    filteredRows: scan.value,
    filteredReadMs: Math.round(filteredReadMs),
    fullScanMs: Math.round(scan.ms),
    filteredReadRatio: Number((filteredReadMs / scan.ms).toFixed(3)),
    countMs: Number(median(counts).toFixed(1)),
    onePageMs: Number(median(pages).toFixed(1)),
    countRatio: Number((median(counts) / median(pages)).toFixed(2)),
  };
  console.log(
    `folding through the proxy: $filter=${FILTER} (${figures.filteredRows} rows) ${figures.filteredReadMs} ms ÷ full scan ${figures.fullScanMs} ms = ${figures.filteredReadRatio} (target <= 0.05)`,
  );
  console.log(
    `folding through the proxy: filtered $count ${figures.countMs} ms ÷ one-row page ${figures.onePageMs} ms = ${figures.countRatio} (target <= 5)`,
  );
  return figures;
}
