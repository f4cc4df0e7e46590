import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { loadConfig, type Config } from "../config.js";
import { DataDirLockedError } from "../db/data-dir-lock.js";
import { openPglite } from "../db/pglite.js";
import { listen, type Listening } from "../listen.js";
import { newOperatorSecret, writeOperatorFile } from "../operator/operator-file.js";
import { createServices, type Services } from "../services.js";
import { dropSchema, testSchemaName, TEST_POSTGRES_URL } from "../testing/engines.js";
import { call } from "../testing/http.js";
import { HelpRequested, parseCli, UsageError } from "./parse-args.js";
import { execute } from "./transport.js";
import { formatResult } from "./format.js";
import type { SeedReport } from "../seed/seed.js";

describe("operator CLI", () => {
  let dir: string;
  let config: Config;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "layer-cli-"));
    config = loadConfig({}, { dataDir: dir, bcryptCost: 4, logLevel: "warn" });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("parses the operator's commands and refuses unknown ones", () => {
    expect(
      parseCli(["tokens", "create", "--user", "ada@example.com", "--name", "X", "--expires", "30d", "--json"]),
    ).toEqual({
      json: true,
      command: {
        command: "tokens.create",
        email: "ada@example.com",
        name: "X",
        expires: "30d",
        expiresAt: undefined,
        env: undefined,
        legacy: undefined,
        access: undefined,
        projectIds: undefined,
      },
    });
    expect(parseCli(["keys", "tier", "ABC", "pilot"]).command).toEqual({
      command: "keys.tier",
      keyId: "ABC",
      tier: "pilot",
    });
    expect(parseCli(["kill-switch", "off"]).command).toEqual({ command: "kill-switch", on: false });
    expect(() => parseCli(["tokens", "explode"])).toThrow(UsageError);
    expect(() => parseCli(["tokens", "create", "--name", "X"])).toThrow(/--user/);
    expect(() => parseCli(["tokens", "create", "--user", "ada@example.com"])).toThrow(/--name/);
    expect(parseCli(["tokens", "create", "--user", "ada@example.com", "--legacy"]).command).toMatchObject({
      legacy: true,
      name: undefined,
    });
  });

  it("parses a read-only token limited to projects, and purge-history", () => {
    const create = ["tokens", "create", "--user", "ada@example.com", "--name", "Dashboard", "--access", "read"];
    expect(parseCli([...create, "--project", "prj_acme_tower", "--project", "prj_acme_retail"]).command).toMatchObject({
      access: "read",
      projectIds: ["prj_acme_tower", "prj_acme_retail"],
    });
    expect(parseCli(["purge-history"]).command).toEqual({ command: "tokens.purge-history" });
    expect(() => parseCli(["purge-history", "--help"])).toThrow(/more than 90 days ago/);
    expect(() => parseCli(["members", "add", "--project", "a", "--project", "b", "--user", "ben@example.com"])).toThrow(
      /--project may be given once/,
    );
  });

  it("answers --help with every command, and a command's --help with its options", () => {
    expect(() => parseCli(["--help"])).toThrow(HelpRequested);
    try {
      parseCli(["tokens", "create", "--help"]);
    } catch (error) {
      expect(error).toBeInstanceOf(HelpRequested);
      expect((error as Error).message).toContain("Usage: npm run cli -- tokens create --user <email>");
      expect((error as Error).message).toMatch(/--expires-at <ISO time> +an exact expiry in the future/);
    }
    expect(() => parseCli(["seed", "-h"])).toThrow(/--reset +DELETES EVERYTHING/);
    expect(() => parseCli(["tokens", "create", "--name", "X"])).toThrow(
      "missing --user. See `npm run cli -- tokens create --help`",
    );
  });

  it("refuses an expiry in the past or not a time, and a row count that is not a number", () => {
    const create = ["tokens", "create", "--user", "ada@example.com", "--name", "X"];
    expect(() => parseCli([...create, "--expires-at", "2020-01-01T00:00:00Z"])).toThrow(/is in the past/);
    expect(() => parseCli([...create, "--expires-at", "next week"])).toThrow(/takes an ISO 8601 time/);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(parseCli([...create, "--expires-at", future]).command).toMatchObject({ expiresAt: future });
    expect(() => parseCli(["seed", "--orders-rows", "lots"])).toThrow(/--orders-rows takes a whole number/);
    expect(parseCli(["seed", "--orders-rows", "1_000"]).command).toEqual({ command: "seed", ordersRows: 1000 });
  });

  it("runs directly on the data directory when no server holds it", async () => {
    await execute(config, { command: "seed", ordersRows: 10 });
    const created = (await execute(config, {
      command: "tokens.create",
      email: "ada@example.com",
      name: "Direct",
      expires: "never",
    })) as { token: { token: string; keyId: string } };
    expect(created.token.token).toMatch(/^lp_live_/);
    const listed = (await execute(config, { command: "tokens.list", email: "ada@example.com" })) as {
      tokens: { keyId: string; token?: string }[];
    };
    expect(listed.tokens.map((t) => t.keyId)).toEqual([created.token.keyId]);
    expect(JSON.stringify(listed)).not.toContain(created.token.token);
    await expect(execute(config, { command: "tokens.revoke", keyId: "NOPE" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      execute(config, {
        command: "tokens.create",
        email: "ada@example.com",
        name: "Both",
        expires: "30d",
        expiresAt: "2030-01-01T00:00:00Z",
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const legacy = (await execute(config, { command: "tokens.create", email: "ben@example.com", legacy: true })) as {
      token: { token: string; name: string; legacy: boolean };
    };
    expect(legacy.token).toMatchObject({ name: "Legacy token", legacy: true });
    expect(legacy.token.token).toMatch(/^layer_[0-9a-f]{64}$/);
  });

  it("connects directly to PostgreSQL with DATABASE_URL", async () => {
    const schema = testSchemaName();
    const pgConfig = loadConfig(
      {},
      { databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema, bcryptCost: 4, logLevel: "warn" },
    );
    try {
      await execute(pgConfig, { command: "seed", ordersRows: 5 });
      await execute(pgConfig, { command: "orgs.revoke-api-access", organizationId: "org_borealis" });
      const listed = (await execute(pgConfig, { command: "tokens.list", email: "chen@example.com" })) as {
        tokens: unknown[];
      };
      expect(listed.tokens).toEqual([]);
      await expect(
        execute(pgConfig, { command: "orgs.restore-api-access", organizationId: "org_nope" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await dropSchema(schema);
    }
  });

  describe("while a server holds the data directory", () => {
    let services: Services;
    let server: Listening;
    let secret: string;
    beforeAll(async () => {
      services = await createServices({ config });
      secret = newOperatorSecret();
      server = await listen(createApp({ services, operatorSecret: secret }), 0, "127.0.0.1");
      writeOperatorFile(dir, { pid: process.pid, url: server.url, secret });
    });
    afterAll(async () => {
      await server?.close();
      await services?.close();
    });

    it("refuses a second opening of the directory", async () => {
      await expect(openPglite(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    });

    it("writes the operator secret readable by its owner only", () => {
      expect(statSync(join(dir, "operator.json")).mode & 0o777).toBe(0o600);
    });

    it("seeds again without breaking a working token, and resets only when asked, naming what it deleted", async () => {
      const created = (await execute(config, {
        command: "tokens.create",
        email: "ada@example.com",
        name: "Survives seed",
      })) as { token: { token: string } };
      const again = (await execute(config, { command: "seed", ordersRows: 10 })) as SeedReport;
      expect(again).toEqual({ reset: false, deleted: {}, added: {} });
      expect(formatResult("seed", again)).toContain("nothing added");
      expect((await call(`${server.url}/v1/whoami`, { token: created.token.token })).status).toBe(200);

      await execute(config, { command: "members.remove", projectId: "prj_acme_tower", email: "ben@example.com" });
      const refill = (await execute(config, { command: "seed" })) as SeedReport;
      expect(refill.added).toEqual({ project_members: 1 });

      const reset = (await execute(config, { command: "seed", ordersRows: 10, reset: true })) as SeedReport;
      expect(reset.reset).toBe(true);
      expect(reset.deleted["api_tokens"]).toBeGreaterThanOrEqual(1);
      expect(reset.deleted["users"]).toBe(3);
      expect(formatResult("seed", reset)).toMatch(/^Reset: deleted .*api tokens/);
      const gone = await call(`${server.url}/v1/whoami`, { token: created.token.token });
      expect(gone.status).toBe(401);
    });

    it("goes through the operator channel, and the server's cache sees the change at once", async () => {
      const created = (await execute(config, {
        command: "tokens.create",
        email: "ben@example.com",
        name: "Channel",
      })) as { token: { token: string; keyId: string } };
      expect((await call(`${server.url}/v1/whoami`, { token: created.token.token })).status).toBe(200);
      await execute(config, { command: "keys.kill", keyId: created.token.keyId });
      expect((await call(`${server.url}/v1/whoami`, { token: created.token.token })).status).toBe(503);
      await execute(config, { command: "tokens.revoke", keyId: created.token.keyId });
      expect((await call(`${server.url}/v1/whoami`, { token: created.token.token })).status).toBe(401);
      await expect(
        execute(config, { command: "members.remove", projectId: "prj_nope", email: "ben@example.com" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("creates a read-only token limited to a project, and purges the history, through the channel", async () => {
      const limited = (await execute(config, {
        command: "tokens.create",
        email: "ada@example.com",
        name: "Dashboard",
        access: "read",
        projectIds: ["prj_acme_tower"],
      })) as { token: { access: string; projectIds: string[]; scopes: string[] } };
      expect(limited.token).toMatchObject({
        access: "read",
        projectIds: ["prj_acme_tower"],
        scopes: ["projects:read"],
      });
      await expect(
        execute(config, {
          command: "tokens.create",
          email: "ada@example.com",
          name: "Foreign",
          projectIds: ["prj_borealis_grid"],
        }),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
      const purged = await execute(config, { command: "tokens.purge-history" });
      expect(purged).toEqual({ purged: 0, keyIds: [] });
      expect(formatResult("tokens.purge-history", purged)).toBe(
        "Nothing to purge: no token ended more than 90 days ago.",
      );
    });

    it("hides the channel from callers without the secret", async () => {
      const none = await call(`${server.url}/_operator/commands`, {
        method: "POST",
        json: { command: "kill-switch", on: true },
      });
      expect(none.status).toBe(404);
      const wrong = await call(`${server.url}/_operator/commands`, {
        method: "POST",
        headers: { "X-Operator-Secret": "guess" },
        json: { command: "kill-switch", on: true },
      });
      expect(wrong.status).toBe(404);
      const [settings] = await services.db.query<{ global_kill_switch: boolean }>(
        "SELECT global_kill_switch FROM platform_settings",
      );
      expect(settings?.global_kill_switch).toBe(false);
    });
  });
});
