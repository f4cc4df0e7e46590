import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { BucketStore } from "./rate-limit-buckets.js";
import { DEFAULT_RATE_LIMITS, RATE_LIMIT_WINDOW_SECONDS } from "./rate-limit-policy.js";
import { rateLimiter } from "./rate-limiter.js";

describe("the rate limiter's callback", () => {
  it("hands whatever the rest of the request throws to Express, not to an unhandled rejection", async () => {
    const limiter = rateLimiter(
      new BucketStore({ keyPrefix: `t${Date.now()}`, windowSeconds: RATE_LIMIT_WINDOW_SECONDS }),
      DEFAULT_RATE_LIMITS,
      RATE_LIMIT_WINDOW_SECONDS,
    );
    const res = {
      locals: { auth: { token: { keyId: "lp_live_0123456789ABCDEF", tier: "standard" } }, endpointClass: "read-light" },
    } as unknown as Response;
    const boom = new Error("the route threw");
    const seen: unknown[] = [];
    const unhandled: unknown[] = [];
    let onUnhandled: (reason: unknown) => void = () => {};
    // Ends when Express gets the error, or when it escapes as an unhandled rejection instead.
    await new Promise<void>((resolve) => {
      onUnhandled = (reason) => {
        unhandled.push(reason);
        resolve();
      };
      process.on("unhandledRejection", onUnhandled);
      const next = ((error?: unknown) => {
        seen.push(error);
        if (error === undefined) throw boom;
        resolve();
      }) as NextFunction;
      limiter({} as Request, res, next);
    }).finally(() => process.off("unhandledRejection", onUnhandled));
    expect(unhandled).toEqual([]);
    expect(seen).toEqual([undefined, boom]);
  });
});
