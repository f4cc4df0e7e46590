/**
 * One back-off deadline for every cell and the task pane (issue 7): when the API says
 * "retry after N seconds" to one request, every other request waits for the same moment instead
 * of each cell discovering the 429 on its own and making the storm worse.
 */
export class BackoffDeadline {
  private until = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Pushes the deadline out to now + ms (never pulls it in). */
  note(ms: number): void {
    this.until = Math.max(this.until, this.clock() + Math.max(0, ms));
  }

  /** Milliseconds left before requests may go out again; 0 when clear. */
  remaining(): number {
    return Math.max(0, this.until - this.clock());
  }

  get retryAt(): number {
    return this.until;
  }

  clear(): void {
    this.until = 0;
  }
}

/** Raised without sending anything when the shared deadline is further away than the caller can wait. */
export class BackoffPendingError extends Error {
  override readonly name = "BackoffPendingError";
  constructor(readonly retryAt: number) {
    super(`Layer asked to slow down; the next request may go out at ${new Date(retryAt).toISOString()}.`);
  }
}
