/**
 * Time left in this execution. Apps Script stops a run at 6 minutes (30 s for a custom
 * function) without warning, so work stops while a reserve is left to save the cursor.
 */
export interface Budget {
  readonly startedAt: number;
  readonly deadline: number;
  /** Milliseconds left before the reserve is reached; may be negative. */
  timeLeft(): number;
}

export const EXECUTION_LIMIT_MS = 6 * 60_000;
export const CUSTOM_FUNCTION_LIMIT_MS = 30_000;
/** Kept free for one last page write and the cursor save (a page is at most ~10 s in Apps Script). */
export const EXECUTION_RESERVE_MS = 60_000;
export const CUSTOM_FUNCTION_RESERVE_MS = 5_000;

export function createBudget(now: () => number, limitMs: number, reserveMs: number): Budget {
  const startedAt = now();
  const deadline = startedAt + limitMs - reserveMs;
  return { startedAt, deadline, timeLeft: () => deadline - now() };
}
