import type { RowsPage } from "@layer/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startRun, type StartedRun } from "./paging.js";
import { MAX_RUNS_AHEAD, ReadAhead } from "./read-ahead.js";

/** A page run that records whether it was ended (the proxy lets go of a run nobody asked for). */
function run(): { started: StartedRun; ended: () => boolean } {
  let ended = false;
  async function* pages(): AsyncGenerator<RowsPage> {
    try {
      yield { columns: [], rows: [], nextCursor: null, totalRows: 0 };
    } finally {
      ended = true;
    }
  }
  return { started: startRun(pages(), 1), ended: () => ended };
}

afterEach(() => vi.useRealTimers());

describe("ReadAhead", () => {
  it("gives a run to the same token, organization and link, once", () => {
    const ahead = new ReadAhead();
    const { started } = run();
    ahead.park("lp_live_A", null, "link-1", started);
    expect(ahead.take("lp_live_B", null, "link-1")).toBeUndefined();
    expect(ahead.take("lp_live_A", "org_acme", "link-1")).toBeUndefined();
    expect(ahead.take("lp_live_A", null, "link-2")).toBeUndefined();
    expect(ahead.take("lp_live_A", null, "link-1")).toBe(started);
    expect(ahead.take("lp_live_A", null, "link-1")).toBeUndefined();
  });

  it(`holds at most ${MAX_RUNS_AHEAD} runs, ending the oldest`, async () => {
    const ahead = new ReadAhead();
    const runs = Array.from({ length: MAX_RUNS_AHEAD + 1 }, run);
    for (const [i, r] of runs.entries()) ahead.park("lp_live_A", null, `link-${i}`, r.started);
    expect(ahead.size).toBe(MAX_RUNS_AHEAD);
    await vi.waitFor(() => expect(runs[0]!.ended()).toBe(true));
    expect(runs.slice(1).some((r) => r.ended())).toBe(false);
    expect(ahead.take("lp_live_A", null, "link-0")).toBeUndefined();
  });

  it("ends a run nobody asks for within its time", async () => {
    vi.useFakeTimers();
    const ahead = new ReadAhead(1_000);
    const r = run();
    ahead.park("lp_live_A", null, "link-1", r.started);
    vi.advanceTimersByTime(1_001);
    expect(ahead.size).toBe(0);
    vi.useRealTimers();
    await vi.waitFor(() => expect(r.ended()).toBe(true));
  });
});
