import type { Row, RowsPage } from "@layer/contracts";
import { describe, expect, it } from "vitest";
import { compileFilter } from "../odata/filter.js";
import type { PropertyModel } from "../odata/model.js";
import type { PagingState } from "../odata/skiptoken.js";
import { countRows, readPage, type FetchRows, type PagePlan } from "./paging.js";

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

/** A table of `size` rows served in key order, cursor = index of the next row; rows made on demand. */
function table(size: number) {
  const stats = { fetchedRows: 0, calls: 0 };
  const fetchRows: FetchRows = async (cursor, limit) => {
    stats.calls++;
    const start = cursor === null ? 0 : Number(cursor);
    const end = Math.min(size, start + limit);
    const rows: Row[] = [];
    for (let i = start; i < end; i++) rows.push({ id: i + 1, g: (i * 7) % 10 });
    stats.fetchedRows += rows.length;
    await new Promise((resolve) => setImmediate(resolve));
    const page: RowsPage = { columns: [], rows, nextCursor: end < size ? String(end) : null, totalRows: size };
    return page;
  };
  return { fetchRows, stats };
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
async function readEverything(fetchRows: FetchRows, p: PagePlan, first: PagingState) {
  const pages: number[][] = [];
  let state: PagingState | null = first;
  while (state !== null) {
    const ids: number[] = [];
    state = await readPage(fetchRows, p, state, async (rows) => void ids.push(...rows.map((r) => r["id"] as number)));
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
            table(size).fetchRows,
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
    const pages = await readEverything(table(437).fetchRows, p, start(10, 200));
    const expected = Array.from({ length: 437 }, (_, i) => ({ id: i + 1, g: (i * 7) % 10 }))
      .sort((a, b) => b.g - a.g || a.id - b.id)
      .slice(10, 210)
      .map((r) => r.id);
    expect(pages.flat()).toEqual(expected);
    await expect(
      readPage(table(437).fetchRows, { ...p, maxSortRows: 100 }, start(), async () => undefined),
    ).rejects.toMatchObject({ status: 501 });
  });

  it("holds at most two upstream pages ahead of what it has written, whatever the table's size", async () => {
    const { fetchRows, stats } = table(200_000);
    let written = 0;
    let maxAhead = 0;
    const next = await readPage(
      fetchRows,
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
    expect(maxAhead).toBeLessThanOrEqual(2 * 1_000);
    expect(stats.calls).toBe(200);
  });

  it("counts matching rows without keeping them", async () => {
    expect(await countRows(table(437).fetchRows, null, 50)).toBe(437);
    const { fetchRows, stats } = table(437);
    expect(await countRows(fetchRows, compileFilter("g lt 3", [key, group]), 50)).toBe(
      Array.from({ length: 437 }, (_, i) => (i * 7) % 10).filter((g) => g < 3).length,
    );
    expect(stats.calls).toBe(9);
  });
});
