import express from "express";
import { describe, expect, it } from "vitest";
import { listen } from "./listen.js";

describe("listen", () => {
  it("names a URL this machine can open when it listens on every address (HOST=0.0.0.0)", async () => {
    const app = express();
    app.get("/ping", (_req, res) => res.send("pong"));
    const listening = await listen(app, 0, "0.0.0.0");
    try {
      expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${listening.url}/ping`)).text()).toBe("pong");
    } finally {
      await listening.close();
    }
  });

  it("names the address it listens on otherwise", async () => {
    const listening = await listen(express(), 0, "127.0.0.1");
    try {
      expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await listening.close();
    }
  });
});
