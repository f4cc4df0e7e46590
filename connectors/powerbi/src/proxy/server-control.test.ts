import { expect, it } from "vitest";
import { startProxy } from "./server-control.js";

it("names a URL this machine can open when it listens on every address (PROXY_HOST=0.0.0.0)", async () => {
  const proxy = await startProxy({ port: 0, host: "0.0.0.0", upstreamUrl: "http://127.0.0.1:9" });
  try {
    expect(proxy.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/odata$/);
    expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200);
  } finally {
    await proxy.close();
  }
});
