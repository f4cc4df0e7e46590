import { createSyncClient, createThrottle, type SharedThrottle } from "@layer/token-client/sync";
import type { AddonContext } from "../context.js";
import type { Budget } from "../budget.js";

export type SyncClient = ReturnType<typeof createSyncClient>;

/**
 * The token client's synchronous driver over UrlFetchApp and Utilities.sleep. Its retry budget is
 * the time this execution has left, so a Retry-After that does not fit fails at once with the
 * wait in the error and the caller saves its cursor instead of being killed mid-sleep.
 */
/** One back-off deadline per execution: a 429 told to one call holds back the next ones too. */
const throttles = new WeakMap<AddonContext, SharedThrottle>();

/**
 * `organization` narrows what the client lists (the sidebar's pickers); imports and formulas name
 * their project and pass none, so they keep working whichever organization is picked later.
 */
export function layerClient(
  ctx: AddonContext,
  secret: string,
  budget: Budget,
  organization: string | null = null,
): SyncClient {
  const throttle = throttles.get(ctx) ?? createThrottle();
  throttles.set(ctx, throttle);
  return createSyncClient({
    baseUrl: ctx.config.apiBaseUrl,
    token: secret,
    transport: ctx.gas.UrlFetchApp,
    sleep: (ms: number) => ctx.gas.Utilities.sleep(ms),
    clock: ctx.now,
    retry: { budgetMs: Math.max(0, budget.timeLeft()) },
    userAgent: "layer-google-sheets/0.1",
    organization,
    throttle,
  });
}
