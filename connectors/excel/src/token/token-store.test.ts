import { describe, expect, it } from "vitest";
import { ADA_TOKEN, memoryStorage } from "../../test/session-fixture.js";
import { TokenStore, type AsyncKeyValue } from "./token-store.js";

function runtimeStorage(): AsyncKeyValue & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: async (k) => map.get(k) ?? null,
    setItem: async (k, v) => {
      map.set(k, v);
    },
    removeItem: async (k) => {
      map.delete(k);
    },
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

  it("says where the token is kept, and what that store does not protect", () => {
    const partitioned = new TokenStore({ partitionKey: "p", localStorage: memoryStorage(), runtimeStorage: undefined });
    expect(partitioned.where()).toBe("this add-in's own storage on this computer (partitioned by Office)");
    const windows = new TokenStore({
      partitionKey: undefined,
      localStorage: memoryStorage(),
      runtimeStorage: runtimeStorage(),
    });
    expect(windows.where()).toMatch(
      /^OfficeRuntime\.storage on this computer: not encrypted, and readable by other add-ins/,
    );
    const nothing = new TokenStore({ partitionKey: undefined, localStorage: undefined, runtimeStorage: undefined });
    expect(nothing.where()).toMatch(/forgotten when the pane closes/);
  });

  it("reads nothing from a corrupt entry instead of failing", async () => {
    const local = memoryStorage();
    local.setItem("p layer.token".replace(" ", ""), "{not json");
    const store = new TokenStore({ partitionKey: "p", localStorage: local, runtimeStorage: undefined });
    expect(await store.load()).toBeNull();
  });
});
