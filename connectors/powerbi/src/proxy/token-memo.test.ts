import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import { describe, expect, it } from "vitest";
import { TokenMemo } from "./token-memo.js";

const whoami = (name: string) => ({ token: { name } }) as unknown as Whoami;

describe("TokenMemo", () => {
  it("loads a token's whoami once per minute, and separately per token", async () => {
    let now = 0;
    const memo = new TokenMemo(() => now);
    let loads = 0;
    const load = (name: string) => async () => {
      loads++;
      return whoami(name);
    };
    expect((await memo.whoami("token-a", load("a"))).token.name).toBe("a");
    expect((await memo.whoami("token-a", load("a2"))).token.name).toBe("a");
    expect((await memo.whoami("token-b", load("b"))).token.name).toBe("b");
    expect(loads).toBe(2);
    now = 60_000;
    expect((await memo.whoami("token-a", load("a3"))).token.name).toBe("a3");
    expect(loads).toBe(3);
  });

  it("does not remember a failure", async () => {
    const memo = new TokenMemo(() => 0);
    await expect(memo.whoami("t", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect((await memo.whoami("t", async () => whoami("ok"))).token.name).toBe("ok");
  });

  it("forgets a token on request, so the next read asks again", async () => {
    const memo = new TokenMemo(() => 0);
    await memo.whoami("t", async () => whoami("before"));
    memo.forget("t");
    expect((await memo.whoami("t", async () => whoami("after"))).token.name).toBe("after");
  });

  it("says to warn once per token per minute", () => {
    let now = 1_000;
    const memo = new TokenMemo(() => now);
    expect(memo.shouldWarn("t")).toBe(true);
    expect(memo.shouldWarn("t")).toBe(false);
    expect(memo.shouldWarn("u")).toBe(true);
    now += 60_000;
    expect(memo.shouldWarn("t")).toBe(true);
  });
});
