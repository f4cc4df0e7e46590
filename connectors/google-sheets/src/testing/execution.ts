import type { SimClock } from "./clock.js";
import { HOST_LIMITS } from "./host-limits.js";

export type ExecutionKind = "script" | "custom function";

/** What Apps Script shows when it kills a run: the add-on's own message never appears. */
export const KILLED_MESSAGE = "Exceeded maximum execution time";

/** Thrown by the stand-ins once simulated time passes the running execution's limit. */
export class ExecutionKilled extends Error {
  override readonly name = "ExecutionKilled";
  constructor() {
    super(KILLED_MESSAGE);
  }
}

/**
 * Apps Script's execution limits over the simulated clock: 6 minutes for a menu item, trigger or
 * sidebar call, 30 s for a custom function. A run that goes past its limit ends in the kill
 * error whatever it would have returned (Apps Script stops it where it stands), and the
 * stand-ins refuse to advance time past the limit meanwhile, so no test sleeps through it.
 */
export class FakeExecutions {
  /** The longest run so far, per kind, in simulated milliseconds. */
  readonly longest: Record<ExecutionKind, number> = { script: 0, "custom function": 0 };
  constructor(private readonly clock: SimClock) {}

  static limitOf(kind: ExecutionKind): number {
    return kind === "custom function" ? HOST_LIMITS.customFunctionMs : HOST_LIMITS.executionMs;
  }

  run<T>(kind: ExecutionKind, body: () => T): T {
    if (this.clock.deadline !== Number.POSITIVE_INFINITY) return body(); // nested: the outer run's limit holds
    const started = this.clock.now();
    const limit = FakeExecutions.limitOf(kind);
    this.clock.deadline = started + limit;
    let result: T;
    try {
      result = body();
    } finally {
      this.clock.deadline = Number.POSITIVE_INFINITY;
      const took = this.clock.now() - started;
      this.longest[kind] = Math.max(this.longest[kind], took);
    }
    if (this.clock.now() - started > limit) throw new ExecutionKilled();
    return result;
  }
}
