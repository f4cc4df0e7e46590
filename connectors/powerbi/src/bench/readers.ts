// The two ways the benchmark reads the orders table: paging the API directly, as a connector
// does, and following the proxy's nextLinks as Power BI's OData feed does, waiting out a 429's
// Retry-After as Power BI does.

export const TABLE_ROWS = "/v1/projects/prj_acme_tower/tables/tbl_orders/rows";

export async function readDirect(apiUrl: string, token: string, pageSize: number): Promise<number> {
  let cursor: string | null = null;
  let rows = 0;
  do {
    const url: string = `${apiUrl}${TABLE_ROWS}?limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await fetch(url, { headers: { "X-Api-Key": token } });
    if (res.status !== 200) throw new Error(`API answered ${res.status}`);
    const page = (await res.json()) as { rows: unknown[]; nextCursor: string | null };
    rows += page.rows.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

/** Every row through the relay (relay-process.ts), following its `next` until null. */
export async function readRelay(relayUrl: string, token: string): Promise<number> {
  let from: string | null = null;
  let rows = 0;
  do {
    const url: string = from === null ? relayUrl : `${relayUrl}/?from=${encodeURIComponent(from)}`;
    const res = await fetch(url, { headers: { "X-Api-Key": token } });
    const body = (await res.json()) as { pages: { rows: unknown[] }[]; next: string | null };
    for (const page of body.pages) rows += page.rows.length;
    from = body.next;
  } while (from !== null);
  return rows;
}

export interface ProxyRead {
  rows: number;
  pages: number;
  /** 429 answers waited out, and the seconds spent waiting. */
  waits: number;
  waitedSeconds: number;
}

/**
 * Every row of the orders entity set through the proxy. A body that does not parse (a cut
 * response) fails the read; a 429 is waited out for its Retry-After and the same URL asked again.
 */
export async function readProxy(serviceUrl: string, token: string): Promise<ProxyRead> {
  const auth = `Basic ${Buffer.from(`powerbi:${token}`).toString("base64")}`;
  let next: string | undefined = `${serviceUrl}/Acme_Tower_Orders`;
  const read: ProxyRead = { rows: 0, pages: 0, waits: 0, waitedSeconds: 0 };
  while (next !== undefined) {
    const res = await fetch(next, { headers: { Authorization: auth, Accept: "application/json" } });
    if (res.status === 429) {
      const seconds = Number(res.headers.get("retry-after"));
      await res.arrayBuffer();
      if (!(seconds >= 1 && seconds <= 120)) throw new Error(`429 without a usable Retry-After (${seconds})`);
      read.waits++;
      read.waitedSeconds += seconds;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
      continue;
    }
    if (res.status !== 200) throw new Error(`proxy answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { value: unknown[]; "@odata.nextLink"?: string };
    read.rows += page.value.length;
    read.pages++;
    next = page["@odata.nextLink"];
  }
  return read;
}

export async function timed<T>(read: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const result = await read();
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
