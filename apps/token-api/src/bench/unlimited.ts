/** Rate limits no benchmark reaches: what is measured is the work, not the limiter's refusals. */
const HUGE = 1_000_000_000;
export const unlimited = { standard: { "read-light": HUGE, "write-light": HUGE, "long-running": HUGE } };
