import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { type Listening, listen } from "../listen.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

describe("a token-protected route that throws after the guard", () => {
  let api: TokenApi;
  let app: Listening;
  let token: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Thrower", expires: "30d" }));
    const throwing = createApp({
      services: api.services,
      moreRoutes: (router, { protect }) => {
        router.get("/v1/test/throws", ...protect("read-light"), () => {
          throw new Error("the route threw");
        });
        router.get("/v1/test/rejects", ...protect("read-light"), async () => {
          await Promise.resolve();
          throw new Error("the route rejected");
        });
      },
    });
    app = await listen(throwing, 0, "127.0.0.1");
    process.on("unhandledRejection", onUnhandled);
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await app?.close();
    await api?.close();
  });

  it("answers the contract's 500 with the rate-limit fields, never an unhandled rejection", async () => {
    for (const path of ["/v1/test/throws", "/v1/test/rejects"]) {
      const r = await fetch(`${app.url}${path}`, { headers: { "X-Api-Key": token } });
      expect(r.status).toBe(500);
      expect(r.headers.get("x-ratelimit-endpoint-class")).toBe("read-light");
      expect(r.headers.get("x-request-id")).toMatch(/^req_/);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("INTERNAL");
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  it("keeps the fields set before a refusal on the error envelope", async () => {
    const r = await fetch(`${app.url}/v1/test/throws`, { headers: { "X-Api-Key": `${token.slice(0, -1)}x` } });
    expect(r.status).toBe(401);
    expect(r.headers.get("x-request-id")).toMatch(/^req_/);
    expect(r.headers.get("vary")).toBe("Origin");
  });
});
