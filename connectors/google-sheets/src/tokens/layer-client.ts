import { createSyncClient } from "@layer/token-client/sync";
import type { AddonContext } from "../context.js";
import type { Budget } from "../budget.js";

export type SyncClient = ReturnType<typeof createSyncClient>;

/**
 * The token client's synchronous driver over UrlFetchApp and Utilities.sleep. Its retry budget is
 * the time this execution has left, so a Retry-After that does not fit fails at once with the
 * wait in the error and the caller saves its cursor instead of being killed mid-sleep.
 */
export function layerClient(ctx: AddonContext, secret: string, budget: Budget): SyncClient {
  return createSyncClient({
    baseUrl: ctx.config.apiBaseUrl,
    token: secret,
    transport: ctx.gas.UrlFetchApp,
    sleep: (ms: number) => ctx.gas.Utilities.sleep(ms),
    clock: ctx.now,
    retry: { budgetMs: Math.max(0, budget.timeLeft()) },
    userAgent: "layer-google-sheets/0.1",
  });
}
