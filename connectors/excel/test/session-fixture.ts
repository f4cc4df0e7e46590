import { Session } from "../src/api/session.js";
import { TokenStore, type StoredToken } from "../src/token/token-store.js";
import { TOKEN, fakeApi, manualTime, type Handler } from "./fake-api.js";

export function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

export const ADA_TOKEN: StoredToken = {
  token: TOKEN,
  name: "Excel - Budget",
  keyId: "0123456789ABCDEF",
  userId: "usr_ada",
  userName: "Ada Lovelace <ada@example.com>",
  expiresAt: "2027-02-01T00:00:00.000Z",
};

/** A Session over a scripted API, manual time and memory storage, already connected as Ada. */
export async function connectedSession(handler: Handler, options: { cacheTtlMs?: number } = {}) {
  const api = fakeApi(handler);
  const time = manualTime();
  const store = new TokenStore({ partitionKey: "p1", localStorage: memoryStorage(), runtimeStorage: undefined });
  const session = new Session({
    store,
    apiBase: () => "http://api.test",
    fetch: api.fetch as unknown as typeof fetch,
    clock: time.clock,
    sleep: time.sleep,
    cacheTtlMs: options.cacheTtlMs ?? 30_000,
  });
  await session.connect(ADA_TOKEN);
  return { session, api, time, store };
}
