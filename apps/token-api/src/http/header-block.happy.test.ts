import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type Listening } from "../listen.js";
import { endWithQueuedHeaders, queueHeader, writeQueuedHeaders } from "./header-block.js";

describe("queued header fields", () => {
  let server: Listening;
  beforeAll(async () => {
    const app = express();
    writeQueuedHeaders(app);
    app.use((_req, res, next) => {
      queueHeader(res, "X-Request-Id", "req_1");
      queueHeader(res, "X-RateLimit-Remaining", "9");
      next();
    });
    app.get("/block", (_req, res) =>
      endWithQueuedHeaders(
        res,
        200,
        ["Content-Type", "application/json; charset=utf-8", "Content-Length", "11"],
        '{"ok":true}',
      ),
    );
    app.get("/set-first", (_req, res) => {
      res.setHeader("Access-Control-Allow-Origin", "https://localhost:3000");
      endWithQueuedHeaders(res, 200, ["Content-Length", "2"], "ok");
    });
    app.get("/json", (_req, res) => void res.status(201).json({ ok: true }));
    app.get("/override", (_req, res) => {
      res.setHeader("X-RateLimit-Remaining", "0");
      res.json({ ok: true });
    });
    app.get("/fails", () => {
      throw new Error("boom");
    });
    app.use(
      (_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
        void res.status(503).json({ error: "down" }),
    );
    server = await listen(app, 0, "127.0.0.1");
  });
  afterAll(() => server?.close());

  const get = (path: string, method = "GET") => fetch(`${server.url}${path}`, { method });

  it("go out with the status line in one writeHead, body and length intact", async () => {
    const r = await get("/block");
    expect(r.status).toBe(200);
    expect(r.headers.get("x-request-id")).toBe("req_1");
    expect(r.headers.get("x-ratelimit-remaining")).toBe("9");
    expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await r.json()).toEqual({ ok: true });
    const head = await get("/block", "HEAD");
    expect(head.headers.get("content-length")).toBe("11");
    expect(await head.text()).toBe("");
  });

  it("join fields already set with setHeader", async () => {
    const r = await get("/set-first");
    expect(r.headers.get("access-control-allow-origin")).toBe("https://localhost:3000");
    expect(r.headers.get("x-request-id")).toBe("req_1");
    expect(await r.text()).toBe("ok");
  });

  it("reach responses sent by res.json and by the error handler", async () => {
    const json = await get("/json");
    expect(json.status).toBe(201);
    expect(json.headers.get("x-request-id")).toBe("req_1");
    const failed = await get("/fails");
    expect(failed.status).toBe(503);
    expect(failed.headers.get("x-ratelimit-remaining")).toBe("9");
  });

  it("give way to the same field set later with setHeader, once", async () => {
    const r = await get("/override");
    expect(r.headers.get("x-ratelimit-remaining")).toBe("0");
  });
});
