import { describe, expect, it } from "vitest";
import { createClient } from "../client.js";
import { LayerError, RateLimitError } from "../errors/layer-error.js";
import type { FakeReply, FakeUrlFetchApp } from "../test-support/fake-url-fetch-app.js";
import { HARNESS_BASE as BASE, syncHarness } from "../test-support/sync-harness.js";
import { makeToken } from "../test-support/tokens.js";

const { token } = makeToken(8);
const query = { projectId: "prj_1", tableId: "tbl_1" };
const page = (rows: number[], nextCursor: string | null): FakeReply => ({
  status: 200,
  body: { columns: [], rows: rows.map((n) => ({ n })), nextCursor, totalRows: 6 },
});

function sync(replies: FakeReply[], perRequestMs = 0) {
  const h = syncHarness(replies, { perRequestMs });
  return { ...h, client: h.client() };
}

const cursors = (t: FakeUrlFetchApp) => t.calls.map((c) => new URL(c.url).searchParams.get("cursor"));

describe("pages()", () => {
  it("reads every page, and says so", () => {
    const s = sync([page([1, 2], "c1"), page([3, 4], "c2"), page([5, 6], null)]);
    const run = s.client.pages({ ...query, limit: 2 });
    const seen: number[] = [];
    for (const p of run) seen.push(...p.rows.map((r) => r["n"] as number));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run).toMatchObject({ complete: true, cursor: null, stoppedBy: null, pagesRead: 3, rowsRead: 6 });
  });

  it("resumes from a cursor, and keeps where the next page starts up to date inside the loop", () => {
    const s = sync([page([3, 4], "c2"), page([5, 6], null)]);
    const run = s.client.pages({ ...query, cursor: "c1" });
    const saved: Array<string | null> = [];
    for (const _ of run) saved.push(run.cursor);
    expect(cursors(s.transport)).toEqual(["c1", "c2"]);
    expect(saved).toEqual(["c2", null]);
  });

  it("stops before a page that would not fit in the time budget, at a cursor the next run resumes from", () => {
    // Each page takes 40 s to fetch and the caller 20 s to write: 60 s a page, 150 s of budget.
    const s = sync([page([1], "c1"), page([2], "c2"), page([3], "c3"), page([4], null)], 40_000);
    const run = s.client.pages(query, { timeBudgetMs: 150_000 });
    for (const _ of run) s.advance(20_000);
    expect(run).toMatchObject({ complete: false, stoppedBy: "time_budget", cursor: "c2", pagesRead: 2 });
    expect(s.transport.calls).toHaveLength(2);
    const next = sync([page([3], "c3"), page([4], null)]);
    const resumed = next.client.pages({ ...query, cursor: run.cursor });
    for (const _ of resumed) void _;
    expect(cursors(next.transport)).toEqual(["c2", "c3"]);
    expect(resumed.complete).toBe(true);
  });

  it("fails a page at once when a Retry-After does not fit what is left of the time budget", () => {
    const limited: FakeReply = {
      status: 429,
      headers: { "Retry-After": "120" },
      body: { error: { code: "RATE_LIMITED", message: "slow down", requestId: "r" } },
    };
    const s = sync([limited]);
    const run = s.client.pages(query, { timeBudgetMs: 60_000 });
    expect(() => [...run]).toThrow(RateLimitError);
    expect(s.sleeps).toEqual([]);
  });

  it("surfaces a wait longer than maxWaitMs as a typed error with the wait in it (a proxy passes it on)", async () => {
    let sent = 0;
    const client = createClient({
      baseUrl: BASE,
      token,
      sleep: async () => undefined,
      fetch: async () => {
        sent++;
        return {
          status: 429,
          headers: { forEach: (cb: (v: string, k: string) => void) => cb("30", "retry-after") },
          text: async () => JSON.stringify({ error: { code: "RATE_LIMITED", message: "m", requestId: "r" } }),
        };
      },
    });
    const run = client.pages({ ...query, limit: 10_000 }, { maxWaitMs: 5_000 });
    const read = async () => {
      for await (const _ of run) void _;
    };
    await expect(read()).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterMs: 30_000,
      retryStoppedBy: "max_wait",
    });
    expect(sent).toBe(1);
  });

  it("stops with BAD_RESPONSE when the server hands back the cursor it was given, after the page it answered", () => {
    const s = sync([page([1], "c1"), page([2], "c1")]);
    const run = s.client.pages(query);
    const seen: number[] = [];
    let error: unknown;
    try {
      for (const p of run) seen.push(...p.rows.map((r) => r["n"] as number));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LayerError);
    expect(error).toMatchObject({ code: "BAD_RESPONSE" });
    expect(seen).toEqual([1, 2]);
    expect(s.transport.calls).toHaveLength(2);
  });

  it("asks for the page size, fields and cursor in the contract's query", () => {
    const s = sync([page([1], null)]);
    for (const _ of s.client.pages({ ...query, limit: 10_000, fields: ["a", "b"], cursor: "c9" })) void _;
    expect(s.transport.calls[0]?.url).toBe(
      `${BASE}/v1/projects/prj_1/tables/tbl_1/rows?limit=10000&cursor=c9&fields=a%2Cb`,
    );
  });
});
