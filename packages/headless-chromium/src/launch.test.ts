import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_CANDIDATES, chromiumPath, launchChromium } from "./index.js";

describe("chromiumPath", () => {
  it("takes CHROME_PATH when it exists, and refuses one that does not rather than pick another", () => {
    const exists = (path: string) => path === "/opt/chrome" || path === CHROMIUM_CANDIDATES[0];
    expect(chromiumPath({ CHROME_PATH: "/opt/chrome" }, exists)).toBe("/opt/chrome");
    expect(() => chromiumPath({ CHROME_PATH: "/opt/typo" }, exists)).toThrow("CHROME_PATH names /opt/typo");
  });

  it("falls back to the first system Chromium, and says how to get one when there is none", () => {
    expect(chromiumPath({}, (path) => path === "/usr/bin/google-chrome")).toBe("/usr/bin/google-chrome");
    expect(() => chromiumPath({}, () => false)).toThrow(/apt-get install -y chromium.*CHROME_PATH/);
  });
});

describe("launchChromium", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" }).end("<title>t</title><p id=p>rendered</p>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("starts a headless Chromium that renders a local page", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url);
      expect(await page.locator("#p").textContent()).toBe("rendered");
      expect(await page.evaluate<string>("navigator.userAgent")).toContain("HeadlessChrome");
    } finally {
      await browser.close();
    }
  });
});
