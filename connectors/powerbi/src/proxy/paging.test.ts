import type { Row, RowsPage } from "@layer/contracts";
import { createClient, type FetchLike } from "@layer/token-client";
import { describe, expect, it } from "vitest";
import { compileFilter } from "../odata/filter.js";
import type { PropertyModel } from "../odata/model.js";
import type { PagingState } from "../odata/skiptoken.js";
import { countRows, FETCH_AHEAD, readPage, type PagePlan, type ReadPages } from "./paging.js";

const TOKEN = `lp_test_0123456789ABCDEF_${"x".repeat(43)}`;

const key: PropertyModel = {
  name: "id",
  column: "id",
  type: "number",
  edmType: "Edm.Decimal",
  nullable: false,
  isKey: true,
};
const group: PropertyModel = {
  name: "g",
  column: "g",
  type: "number",
  edmType: "Edm.Double",
  nullable: false,
  isKey: false,
};

/**
 * A table of `size` rows served in key order by an upstream that speaks the API's rows endpoint
 * (cursor = index of the next row; rows made on demand), read through the token client's page runs
 * as the proxy reads the API.
 */
function table(size: number, refusedCursor?: string) {
  const stats = { fetchedRows: 0, calls: 0 };
  const fetch: FetchLike = async (input) => {
    stats.calls++;
    const url = new URL(String(input));
    if (url.searchParams.get("cursor") === refusedCursor) {
      const error = { code: "RATE_LIMITED", message: "slow down", requestId: "req_rl", details: {} };
      return new Response(JSON.stringify({ error }), {
        status: 429,
        headers: { "Content-Type": "application/json", "Retry-After": "30" },
      });
    }
    const start = Number(url.searchParams.get("cursor") ?? 0);
    const end = Math.min(size, start + Number(url.searchParams.get("limit")));
    const rows: Row[] = [];
    for (let i = start; i < end; i++) rows.push({ id: i + 1, g: (i * 7) % 10 });
    stats.fetchedRows += rows.length;
    await new Promise((resolve) => setImmediate(resolve));
    const page: RowsPage = { columns: [], rows, nextCursor: end < size ? String(end) : null, totalRows: size };
    return new Response(JSON.stringify(page), { status: 200, headers: { "Content-Type": "application/json" } });
  };
  const client = createClient({ baseUrl: "http://upstream.invalid", token: TOKEN, fetch });
  const readPages: ReadPages = ({ cursor, limit }) =>
    client.pages({ projectId: "prj_t", tableId: "tbl_t", cursor, limit }, { maxWaitMs: 0 });
  return { readPages, stats };
}

function plan(overrides: Partial<PagePlan> = {}): PagePlan {
  return {
    filter: null,
    orderBy: [],
    key,
    pageSize: 100,
    upstreamPageSize: 30,
    maxSortRows: 10_000,
    rowCount: 0,
    ...overrides,
  };
}

/** Every page, following the state as a client follows nextLinks. */
async function readEverything(readPages: ReadPages, p: PagePlan, first: PagingState) {
  const pages: number[][] = [];
  let state: PagingState | null = first;
  while (state !== null) {
    const ids: number[] = [];
    state = await readPage(readPages, p, state, async (rows) => void ids.push(...rows.map((r) => r["id"] as number)));
    pages.push(ids);
    if (pages.length > 10_000) throw new Error("no end");
  }
  return pages;
}

const start = (skip = 0, remaining: number | null = null): PagingState => ({
  cursor: null,
  offset: 0,
  skip,
  remaining,
  count: null,
});

describe("readPage", () => {
  it("pages every combination of $filter, $skip and $top exactly as filtering the whole table would", async () => {
    const size = 437;
    const all = Array.from({ length: size }, (_, i) => ({ id: i + 1, g: (i * 7) % 10 }));
    for (const filter of [null, "g lt 3", "g eq 11"]) {
      for (const [skip, top] of [
        [0, null],
        [5, null],
        [0, 7],
        [33, 250],
        [430, 50],
        [500, null],
        [0, 0],
      ] as [number, number | null][]) {
        for (const [pageSize, upstreamPageSize] of [
          [100, 30],
          [30, 100],
          [50, 50],
        ] as [number, number][]) {
          const compiled = filter === null ? null : compileFilter(filter, [key, group]);
          const expected = all
            .filter((r) => compiled === null || compiled.matches(r))
            .slice(skip, top === null ? undefined : skip + top)
            .map((r) => r.id);
          const pages = await readEverything(
            table(size).readPages,
            plan({ filter: compiled, pageSize, upstreamPageSize }),
            start(skip, top),
          );
          const label = `${filter} skip=${skip} top=${top} page=${pageSize}/${upstreamPageSize}`;
          expect(pages.flat(), label).toEqual(expected);
          for (const page of pages) expect(page.length, label).toBeLessThanOrEqual(pageSize);
          // Without a filter, no empty page is ever followed by a nextLink.
          if (filter === null)
            expect(
              pages.slice(0, -1).every((page) => page.length === pageSize),
              label,
            ).toBe(true);
        }
      }
    }
  });

  it("sorts in memory for another $orderby, stably by key, and pages the sorted result", async () => {
    const p = plan({ orderBy: [{ property: group, descending: true }], rowCount: 437 });
    const pages = await readEverything(table(437).readPages, p, start(10, 200));
    const expected = Array.from({ length: 437 }, (_, i) => ({ id: i + 1, g: (i * 7) % 10 }))
      .sort((a, b) => b.g - a.g || a.id - b.id)
      .slice(10, 210)
      .map((r) => r.id);
    expect(pages.flat()).toEqual(expected);
    await expect(
      readPage(table(437).readPages, { ...p, maxSortRows: 100 }, start(), async () => undefined),
    ).rejects.toMatchObject({ status: 501 });
  });

  it("holds at most the page being written and those fetched ahead, whatever the table's size", async () => {
    const { readPages, stats } = table(200_000);
    let written = 0;
    let maxAhead = 0;
    const next = await readPage(
      readPages,
      plan({ pageSize: 200_000, upstreamPageSize: 1_000 }),
      start(),
      async (rows) => {
        written += rows.length;
        maxAhead = Math.max(maxAhead, stats.fetchedRows - written);
        await new Promise((resolve) => setImmediate(resolve));
      },
    );
    expect(next).toBeNull();
    expect(written).toBe(200_000);
    // The page being written and FETCH_AHEAD more.
    expect(maxAhead).toBeLessThanOrEqual((1 + FETCH_AHEAD) * 1_000);
    expect(stats.calls).toBe(200);
  });

  it("fetches ahead only pages the response will use: no upstream page is read twice", async () => {
    const { readPages, stats } = table(3_000);
    const pages = await readEverything(readPages, plan({ pageSize: 1_000, upstreamPageSize: 100 }), start());
    expect(pages.map((page) => page.length)).toEqual([1_000, 1_000, 1_000]);
    expect(stats.calls).toBe(30);
  });

  it("ends a page early, whole, at the upstream page the API refused once rows were written", async () => {
    const ids: number[] = [];
    const endsEarly = (error: unknown) => (error as { status?: number }).status === 429;
    const next = await readPage(
      table(437, "60").readPages,
      plan({ endsEarly }),
      start(),
      async (rows) => void ids.push(...rows.map((r) => r["id"] as number)),
    );
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(next).toEqual({ cursor: "60", offset: 0, skip: 0, remaining: null, count: null });
    // Refused before any row was written: the response's own status, not an empty page.
    await expect(
      readPage(table(437, "60").readPages, plan({ endsEarly }), next as PagingState, async () => undefined),
    ).rejects.toMatchObject({ status: 429 });
  });

  it("counts matching rows without keeping them", async () => {
    expect(await countRows(table(437).readPages, null, 50)).toBe(437);
    const { readPages, stats } = table(437);
    expect(await countRows(readPages, compileFilter("g lt 3", [key, group]), 50)).toBe(
      Array.from({ length: 437 }, (_, i) => (i * 7) % 10).filter((g) => g < 3).length,
    );
    expect(stats.calls).toBe(9);
  });
});
