import { createSyncClient, type SyncClientOptions } from "../sync-client.js";
import { type FakeReply, FakeUrlFetchApp } from "./fake-url-fetch-app.js";
import { makeToken } from "./tokens.js";

export const HARNESS_BASE = "https://layer.test";

/**
 * Sync clients over one fake UrlFetchApp and one simulated clock: a sleep moves the clock by what
 * was slept (as Utilities.sleep would), and each request may take `perRequestMs`.
 */
export function syncHarness(
  replies: Array<FakeReply | Error>,
  options: { perRequestMs?: number; start?: number } = {},
) {
  let now = options.start ?? 0;
  const transport = new FakeUrlFetchApp(replies);
  const fetch = transport.fetch.bind(transport);
  transport.fetch = (url, params) => {
    now += options.perRequestMs ?? 0;
    return fetch(url, params);
  };
  const sleeps: number[] = [];
  const client = (extra: Partial<SyncClientOptions> = {}) =>
    createSyncClient({
      baseUrl: HARNESS_BASE,
      token: makeToken(8).token,
      transport,
      clock: () => now,
      random: () => 0.5,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      ...extra,
    });
  return {
    client,
    transport,
    sleeps,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}
