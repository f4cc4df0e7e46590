// A page run that asks for the next page when the headers of the one being read announce it
// (`askOnHeaders`): the API works on the next page while this one's rows download and parse.
import { describe, expect, it } from "vitest";
import { createClient } from "./client.js";
import { makeToken } from "./test-support/tokens.js";

const BASE = "https://api.example.test";
const { token } = makeToken(8);
const query = { projectId: "prj_1", tableId: "tbl_1", limit: 2 };

/** Pages of two rows; each body is read only when the test lets it go, its headers at once. */
function api(pages: number, options: { link?: (next: string) => string } = {}) {
  const asked: { cursor: string | null; count: string | null }[] = [];
  const bodies: (() => void)[] = [];
  const fetch = async (url: string) => {
    const params = new URL(url).searchParams;
    const cursor = params.get("cursor");
    asked.push({ cursor, count: params.get("count") });
    const index = cursor === null ? 0 : Number(cursor.slice(1));
    const next = index + 1 < pages ? `c${index + 1}` : null;
    const headers: Record<string, string> = {};
    if (next !== null) headers["link"] = (options.link ?? ((c) => `</rows?limit=2&cursor=${c}>; rel="next"`))(next);
    const body = {
      columns: [],
      rows: [{ n: 2 * index + 1 }, { n: 2 * index + 2 }],
      nextCursor: next,
      totalRows: 2 * pages,
    };
    return {
      status: 200,
      headers: {
        forEach: (cb: (value: string, key: string) => void) => {
          for (const [k, v] of Object.entries(headers)) cb(v, k);
        },
      },
      text: () => new Promise<string>((resolve) => bodies.push(() => resolve(JSON.stringify(body)))),
    };
  };
  const release = async () => {
    // Let the client reach its next body read, then hand over every body asked for so far.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    for (const go of bodies.splice(0)) go();
  };
  return { fetch, asked, release };
}

async function readAll(run: AsyncIterable<{ rows: Record<string, unknown>[] }>, release: () => Promise<void>) {
  const rows: unknown[] = [];
  const iterator = run[Symbol.asyncIterator]();
  for (;;) {
    const next = iterator.next();
    await release();
    const result = await next;
    if (result.done) return rows;
    rows.push(...result.value.rows.map((r) => r["n"]));
  }
}

describe("askOnHeaders", () => {
  it("asks for the next page before the body of the one being read arrives, and reads every row once", async () => {
    const server = api(3);
    const client = createClient({ baseUrl: BASE, token, fetch: server.fetch });
    const run = client.pages(query, { askOnHeaders: true });
    const iterator = run[Symbol.asyncIterator]();
    const first = iterator.next();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    // The first body is still held back, yet the second page was asked for.
    expect(server.asked.map((a) => a.cursor)).toEqual([null, "c1"]);
    await server.release();
    const rows = [...((await first).value?.rows ?? []).map((r: Record<string, unknown>) => r["n"])];
    for (;;) {
      const next = iterator.next();
      await server.release();
      const result = await next;
      if (result.done) break;
      rows.push(...result.value.rows.map((r) => r["n"]));
    }
    expect(rows).toEqual([1, 2, 3, 4, 5, 6]);
    expect(server.asked.map((a) => a.cursor)).toEqual([null, "c1", "c2"]);
    expect(run.complete).toBe(true);
  });

  it("asks at most one page ahead while the caller holds pages", async () => {
    const server = api(6);
    const client = createClient({ baseUrl: BASE, token, fetch: server.fetch });
    const iterator = client.pages(query, { askOnHeaders: true })[Symbol.asyncIterator]();
    const first = iterator.next();
    await server.release();
    await first;
    for (let i = 0; i < 20; i++) await server.release();
    // Page one handed over, page two asked early: nothing more until the caller asks.
    expect(server.asked.map((a) => a.cursor)).toEqual([null, "c1"]);
  });

  it("asks for nothing past maxRows, early or not, and ends where the next run starts", async () => {
    const server = api(6);
    const client = createClient({ baseUrl: BASE, token, fetch: server.fetch });
    const run = client.pages(query, { askOnHeaders: true, maxRows: 4 });
    expect(await readAll(run, server.release)).toEqual([1, 2, 3, 4]);
    expect(server.asked.map((a) => a.cursor)).toEqual([null, "c1"]);
    expect(run.cursor).toBe("c2");
    expect(run.complete).toBe(false);
  });

  it("counts on the first page only, also when the second is asked early", async () => {
    const server = api(2);
    const client = createClient({ baseUrl: BASE, token, fetch: server.fetch });
    await readAll(client.pages({ ...query, count: true }, { askOnHeaders: true }), server.release);
    expect(server.asked).toEqual([
      { cursor: null, count: "true" },
      { cursor: "c1", count: null },
    ]);
  });

  it("drops a page asked early when the body names another cursor, and asks the right one", async () => {
    const server = api(3, { link: () => '</rows?cursor=elsewhere>; rel="next"' });
    const client = createClient({ baseUrl: BASE, token, fetch: server.fetch });
    expect(await readAll(client.pages(query, { askOnHeaders: true }), server.release)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(server.asked.map((a) => a.cursor)).toEqual([null, "elsewhere", "c1", "elsewhere", "c2"]);
  });

  it("asks nothing early without the option", async () => {
    const server = api(3);
    const client = createClient({ baseUrl: BASE, token, fetch: server.fetch });
    const iterator = client.pages(query)[Symbol.asyncIterator]();
    const first = iterator.next();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(server.asked.map((a) => a.cursor)).toEqual([null]);
    await server.release();
    await first;
  });
});
