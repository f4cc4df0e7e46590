import type { ThrottleCause } from "../errors/layer-error.js";

/**
 * One back-off deadline shared by every call of a session, after octokit's throttling plugin:
 * when the API tells one call to wait (429, 503 SERVICE_UNAVAILABLE), every other call of the
 * session waits for the same moment instead of each discovering the wait on its own and adding
 * to the storm. Give the same throttle to every client of a session (`throttle` option); the
 * async and the sync client both honour it before each request.
 */
export interface SharedThrottle {
  /** Epoch milliseconds before which no call goes out; 0 when clear. */
  readonly retryAt: number;
  /** What set the deadline; null when clear. */
  readonly heldBy: ThrottleCause | null;
  /** Milliseconds left before calls may go out at `now`; 0 when clear. */
  waitMs(now: number): number;
  /** Pushes the deadline out to `at` (never pulls it in: a longer wait someone was told still holds). */
  holdUntil(at: number, heldBy: ThrottleCause): void;
  /** Forget the deadline (another token, or a call that went through proves it over). */
  clear(): void;
}

/**
 * A new shared throttle, optionally resumed from a saved deadline (an Apps Script run may keep
 * `{ retryAt, heldBy }` in its properties so the next execution respects it too).
 */
export function createThrottle(saved?: { retryAt: number; heldBy: ThrottleCause | null } | null): SharedThrottle {
  // A closure, not a class: the Apps Script bundle targets ES2019 (no class fields).
  let until = saved && Number.isFinite(saved.retryAt) && saved.retryAt > 0 ? saved.retryAt : 0;
  let cause: ThrottleCause | null = until > 0 ? (saved?.heldBy ?? "RATE_LIMITED") : null;
  return {
    get retryAt() {
      return until;
    },
    get heldBy() {
      return cause;
    },
    waitMs: (now) => Math.max(0, until - now),
    holdUntil(at, heldBy) {
      if (!Number.isFinite(at) || at <= until) return;
      until = at;
      cause = heldBy;
    },
    clear() {
      until = 0;
      cause = null;
    },
  };
}

/** Whether an answer with this code asks every call of the session to wait. */
export function throttleCause(code: string): ThrottleCause | null {
  return code === "RATE_LIMITED" || code === "SERVICE_UNAVAILABLE" ? code : null;
}
