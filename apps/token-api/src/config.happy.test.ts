import { describe, expect, it } from "vitest";
import { DEFAULT_DATA_DIR, listensBeyondThisMachine, loadConfig } from "./config.js";

describe("settings from the environment", () => {
  it("defaults every setting, the account page's public URL on the default port", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: "127.0.0.1",
      publicUrl: "http://127.0.0.1:8787",
      corsOrigins: ["https://localhost:3000", "https://127.0.0.1:3000"],
      logLevel: "info",
      dataDir: DEFAULT_DATA_DIR,
      databaseUrl: undefined,
      bcryptCost: 12,
      historyPurgeIntervalSeconds: 3600,
      trustProxy: false,
      seedOnEmpty: true,
      seedOrdersRows: 250_000,
    });
  });

  it("reads each setting, an empty value counting as unset", () => {
    const config = loadConfig({
      PORT: "9000",
      HOST: "0.0.0.0",
      CORS_ORIGINS: " https://a.example , https://b.example:8443,",
      LOG_LEVEL: "debug",
      SEED_ORDERS_ROWS: "500",
      SEED_ON_EMPTY: "false",
      HISTORY_PURGE_INTERVAL_SECONDS: "0",
      BCRYPT_COST: "",
      DATABASE_URL: "",
      TRUST_PROXY: "1",
    });
    expect(config).toMatchObject({
      port: 9000,
      host: "0.0.0.0",
      // Derived from PORT when PUBLIC_URL is unset.
      publicUrl: "http://127.0.0.1:9000",
      corsOrigins: ["https://a.example", "https://b.example:8443"],
      logLevel: "debug",
      seedOrdersRows: 500,
      seedOnEmpty: false,
      historyPurgeIntervalSeconds: 0,
      bcryptCost: 12,
      databaseUrl: undefined,
      trustProxy: 1,
    });
    expect(loadConfig({ PUBLIC_URL: "https://layer.example.com" }).publicUrl).toBe("https://layer.example.com");
  });

  it("lets the caller override what the environment says (tests, npm start)", () => {
    expect(loadConfig({ PORT: "9000" }, { port: 0 }).port).toBe(0);
  });

  it("tells a loopback HOST from one open to the network", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
      expect(listensBeyondThisMachine(host)).toBe(false);
    for (const host of ["0.0.0.0", "::", "192.0.2.10", "layer.example.com"])
      expect(listensBeyondThisMachine(host)).toBe(true);
  });
});
