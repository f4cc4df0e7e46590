import { describe, expect, it } from "vitest";
import { ADA_TOKEN, memoryStorage } from "../../test/session-fixture.js";
import { TokenStore, type AsyncKeyValue } from "./token-store.js";

function runtimeStorage(): AsyncKeyValue & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: async (k) => map.get(k) ?? null,
    setItem: async (k, v) => void map.set(k, v),
    removeItem: async (k) => void map.delete(k),
  };
}

describe("TokenStore", () => {
  it("keeps the token in localStorage under the partition key where storage is partitioned", async () => {
    const local = memoryStorage();
    const runtime = runtimeStorage();
    const store = new TokenStore({ partitionKey: "part-1", localStorage: local, runtimeStorage: runtime });
    await store.save(ADA_TOKEN);
    expect([...local.map.keys()]).toEqual(["part-1layer.token"]);
    expect(runtime.map.size).toBe(0);
    expect(await store.load()).toEqual(ADA_TOKEN);
    await store.clear();
    expect(local.map.size).toBe(0);
  });

  it("falls back to OfficeRuntime.storage where there is no partition key", async () => {
    const local = memoryStorage();
    const runtime = runtimeStorage();
    const store = new TokenStore({ partitionKey: undefined, localStorage: local, runtimeStorage: runtime });
    await store.save(ADA_TOKEN);
    expect(store.backend).toBe("OfficeRuntime.storage");
    expect(local.map.size).toBe(0);
    expect(await store.load()).toEqual(ADA_TOKEN);
  });

  it("reads nothing from a corrupt entry instead of failing", async () => {
    const local = memoryStorage();
    local.setItem("p layer.token".replace(" ", ""), "{not json");
    const store = new TokenStore({ partitionKey: "p", localStorage: local, runtimeStorage: undefined });
    expect(await store.load()).toBeNull();
  });
});
