// A token's bucket drained in the middle of an OData page, against the live token API and its real
// limiter (a short window, so the bucket refills within the test): the page ends whole and early
// with a nextLink, the next request is the 429, and an OData client written by others
// (@odata/client), honouring Retry-After, reads every row exactly once.
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { OData } from "@odata/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LogLine } from "./options.js";
import { startProxy, type RunningProxy } from "./server-control.js";

const ROWS = 3_000;
const PAGE = 1_000;
const UPSTREAM_PAGE = 100;
/** Rows requests a window allows: the second OData page runs out half-way. */
const ROWS_REQUESTS_PER_WINDOW = 15;

let api: TokenApi;
let proxy: RunningProxy;
const logs: LogLine[] = [];

beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: ROWS,
    rateLimitWindowSeconds: 4,
    // Rows are "long-running"; the catalog and schema calls ("read-light") stay out of the way.
    rateLimits: { standard: { "long-running": ROWS_REQUESTS_PER_WINDOW, "read-light": 10_000 } },
  });
  // absorbWaitMs 0: every wait the limiter asks for reaches the client.
  proxy = await startProxy({
    port: 0,
    upstreamUrl: api.url,
    pageSize: PAGE,
    upstreamPageSize: UPSTREAM_PAGE,
    absorbWaitMs: 0,
    log: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

interface Exchange {
  url: string;
  status: number;
  retryAfter: string | null;
  rows: number;
  nextLink: string | undefined;
}

it("ends a page early, whole, where the bucket ran dry; the next request is the 429; every row is read once", async () => {
  const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - drained" });
  const exchanges: Exchange[] = [];
  const client = OData.New4({
    serviceEndpoint: `${proxy.serviceUrl}/`,
    credential: { username: "powerbi", password: token },
    // The client's own fetch hook: whole bodies only (text() rejects a cut one), and a 429 waited
    // out for its Retry-After and asked again, as Power BI's engine does.
    fetchProxy: async (url, init) => {
      for (;;) {
        const response = await fetch(url, init as RequestInit);
        const text = await response.text();
        const body = JSON.parse(text) as { value?: unknown[]; "@odata.nextLink"?: string };
        exchanges.push({
          url,
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          rows: body.value?.length ?? 0,
          nextLink: body["@odata.nextLink"],
        });
        if (response.status !== 429) return { content: body, response };
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after")) * 1_000));
      }
    },
  });

  const ids: number[] = [];
  let skipToken: string | null = null;
  do {
    const params = client.newParam();
    if (skipToken !== null) params.custom("$skiptoken", skipToken);
    const page = (await client.newRequest({ collection: "Acme_Tower_Orders", params })) as {
      value: { order_id: number }[];
      "@odata.nextLink"?: string;
    };
    ids.push(...page.value.map((row) => row.order_id));
    const nextLink = page["@odata.nextLink"];
    skipToken = nextLink === undefined ? null : new URL(nextLink).searchParams.get("$skiptoken");
  } while (skipToken !== null);

  // Every row exactly once, in the API's order.
  expect(ids.length).toBe(ROWS);
  expect(new Set(ids).size).toBe(ROWS);
  expect(ids).toEqual([...ids].sort((a, b) => a - b));

  // At least one page ended early: shorter than the page size, yet with a nextLink, and the
  // request that followed it was the 429 with Retry-After in delta-seconds.
  const short = exchanges.findIndex((e) => e.status === 200 && e.rows < PAGE && e.nextLink !== undefined);
  const ended = exchanges[short];
  const after = exchanges[short + 1];
  if (ended === undefined || after === undefined) throw new Error("no page ended early, or nothing followed it");
  expect(ended.rows).toBeGreaterThan(0);
  // It stopped at an upstream page's edge: the next upstream page was the one refused.
  expect(ended.rows % UPSTREAM_PAGE).toBe(0);
  expect(after.status).toBe(429);
  expect(after.retryAfter).toMatch(/^[1-9]\d*$/);
  expect(after.url).toBe(ended.nextLink);
  // Every 200 but the last carried a nextLink; nothing else than 200 and 429 was answered.
  const pages = exchanges.filter((e) => e.status === 200);
  expect(pages.slice(0, -1).every((e) => e.nextLink !== undefined)).toBe(true);
  expect(pages.at(-1)?.nextLink).toBeUndefined();
  expect(exchanges.every((e) => e.status === 200 || e.status === 429)).toBe(true);

  // The operator's log says why the page was short; no response was cut.
  expect(logs.some((line) => line["endedEarlyBy"] === "RATE_LIMITED" && line["status"] === 200)).toBe(true);
  expect(logs.some((line) => line["cutMidBody"] === true)).toBe(false);
});
