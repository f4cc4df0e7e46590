// The first upstream page of a nextLink is asked for as its page ends, against the live token API:
// the same token following the link gets it (every row once, in order, nothing asked twice);
// another token following the same link gets nothing of it; a link asked again is read again.
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LogLine } from "./options.js";
import { startProxy, type RunningProxy } from "./server-control.js";

const ROWS = 1_000;
const PAGE = 300;
const UPSTREAM_PAGE = 100;

let api: TokenApi;
let proxy: RunningProxy;
const logs: LogLine[] = [];

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: ROWS });
  proxy = await startProxy({
    port: 0,
    upstreamUrl: api.url,
    pageSize: PAGE,
    upstreamPageSize: UPSTREAM_PAGE,
    log: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

const basic = (token: string) => `Basic ${Buffer.from(`powerbi:${token}`).toString("base64")}`;

interface Page {
  value: { order_id: number }[];
  "@odata.nextLink"?: string;
}

async function read(url: string, token: string): Promise<{ status: number; page: Page }> {
  const response = await fetch(url, { headers: { Authorization: basic(token), Accept: "application/json" } });
  return { status: response.status, page: (await response.json()) as Page };
}

/** Lets a read ahead land at the API before the test counts its requests. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

it("hands a nextLink's first rows, read while the page ended, to the same token only, once", async () => {
  const ada = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - read ahead" });
  const ids: number[] = [];
  const links: string[] = [];
  let next: string | undefined = `${proxy.serviceUrl}/Acme_Tower_Orders`;
  while (next !== undefined) {
    const { status, page } = await read(next, ada.token);
    expect(status).toBe(200);
    ids.push(...page.value.map((row) => row.order_id));
    next = page["@odata.nextLink"];
    if (next !== undefined) links.push(next);
  }
  expect(ids).toEqual(Array.from({ length: ROWS }, (_, i) => ids[0]! + i));
  // Every link followed was served from the rows read ahead for it.
  const followed = logs.filter((line) => typeof line["path"] === "string" && line["path"].includes("skiptoken"));
  expect(followed).toHaveLength(links.length);
  expect(followed.every((line) => line["readAhead"] === true)).toBe(true);
  // Nothing read twice: one upstream request per 100 rows (10), and 7 catalog and schema calls
  // (the first page finds the table, each link reads its schema). A link whose rows were read
  // again would add one each; the last page read nothing ahead.
  await settle();
  expect(api.requestCount(ada.keyId)).toBe(Math.ceil(ROWS / UPSTREAM_PAGE) + 7);

  // The first link again: read again from the API (its rows read ahead went to the first request).
  logs.length = 0;
  const again = await read(links[0]!, ada.token);
  expect(again.page.value.map((row) => row.order_id)).toEqual(ids.slice(PAGE, 2 * PAGE));
  expect(logs.at(-1)?.["readAhead"]).toBeUndefined();

  // Another token following Ada's link gets none of what was read ahead for her.
  await settle();
  const parkedFor = links[1]!;
  const bea = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - other token" });
  logs.length = 0;
  const other = await read(parkedFor, bea.token);
  expect(other.status).toBe(200);
  expect(logs.at(-1)?.["readAhead"]).toBeUndefined();
  // ...and she still gets hers.
  logs.length = 0;
  await read(parkedFor, ada.token);
  expect(logs.at(-1)?.["readAhead"]).toBe(true);
});
