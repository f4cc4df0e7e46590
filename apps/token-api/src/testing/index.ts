import type { DestinationStream } from "pino";
import type { Tier, TokenAccess, TokenEnv, TokenExpiration, TokenSummary } from "@layer/contracts";
import { createApp } from "../app.js";
import { loadConfig, type Config } from "../config.js";
import type { Database } from "../db/database.js";
import { listen } from "../listen.js";
import { runOperatorCommand, type OperatorCommand } from "../operator/commands.js";
import { seedDemoData } from "../seed/seed.js";
import { createServices, type Services } from "../services.js";

export interface StartTokenApiOptions {
  /** Rows of tbl_orders (default 250,000; tests use fewer). */
  ordersRows?: number;
  corsOrigins?: string[];
  /** The limiter's window in seconds (default 60): a test that waits one out uses a short one. */
  rateLimitWindowSeconds?: number;
  /** An injected clock for expiry tests. */
  clock?: () => Date;
  /** bcrypt cost for tokens and demo passwords: 4 here to keep tests fast; 12 is production. */
  bcryptCost?: number;
  /** PostgreSQL instead of in-memory PGlite (`schema` isolates one test file). */
  databaseUrl?: string;
  databaseSchema?: string;
  /** Where JSON logs go (default: discarded). */
  logDestination?: DestinationStream;
  /** The per-key rate limits are on unless false (the benchmark of what they cost). */
  rateLimits?: Config["rateLimits"] | false;
  /** Other config overrides. */
  config?: Partial<Config>;
}

export interface CreatedTestToken {
  token: string;
  keyId: string;
  summary: TokenSummary;
}

export interface Operator {
  createToken(input: {
    email: string;
    name: string;
    expires?: TokenExpiration;
    expiresAt?: Date;
    env?: TokenEnv;
    legacy?: boolean;
    /** read-write (default) or read. */
    access?: TokenAccess;
    /** Limits the token to these projects of the user (default: all of them). */
    projectIds?: string[];
  }): Promise<CreatedTestToken>;
  revokeToken(keyId: string): Promise<void>;
  killKey(keyId: string): Promise<void>;
  restoreKey(keyId: string): Promise<void>;
  setTier(keyId: string, tier: Tier): Promise<void>;
  removeMember(projectId: string, email: string): Promise<void>;
  addMember(projectId: string, email: string, role?: "admin" | "editor" | "viewer"): Promise<void>;
  revokeApiAccess(organizationId: string): Promise<void>;
  restoreApiAccess(organizationId: string): Promise<void>;
  setGlobalKillSwitch(on: boolean): Promise<void>;
  /** Any operator command, as the CLI sends it. */
  run(command: OperatorCommand): Promise<unknown>;
}

export interface TokenApi {
  url: string;
  operator: Operator;
  /** Requests the API received with that key_id (any outcome once the token parsed). */
  requestCount(keyId: string): number;
  services: Services;
  db: Database;
  close(): Promise<void>;
}

const discard: DestinationStream = { write() {} };

/** A live token API for any package's tests: in-memory PGlite, demo data, port 0 (DEVELOPING.md). */
export async function startTokenApi(options: StartTokenApiOptions = {}): Promise<TokenApi> {
  const bcryptCost = options.bcryptCost ?? 4;
  const config = loadConfig(
    {},
    {
      port: 0,
      dataDir: "memory",
      databaseUrl: options.databaseUrl,
      databaseSchema: options.databaseSchema,
      bcryptCost,
      logLevel: "info",
      ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      ...(options.rateLimitWindowSeconds ? { rateLimitWindowSeconds: options.rateLimitWindowSeconds } : {}),
      ...options.config,
    },
  );
  const services = await createServices({
    config,
    clock: options.clock,
    logDestination: options.logDestination ?? discard,
  });
  try {
    await seedDemoData(services.db, { ordersRows: options.ordersRows, bcryptCost });
    await services.invalidation.publish({ kind: "all" });
    // The limits in memory, from `rateLimits` over the README defaults, as in one server process.
    const app = createApp({ services, rateLimits: options.rateLimits !== false });
    const listening = await listen(app, 0, "127.0.0.1");
    const run = (command: OperatorCommand) => runOperatorCommand(services, command);
    const operator: Operator = {
      async createToken(input) {
        const { token } = (await run({
          command: "tokens.create",
          email: input.email,
          name: input.name,
          expires: input.expires,
          expiresAt: input.expiresAt?.toISOString(),
          env: input.env,
          legacy: input.legacy,
          access: input.access,
          projectIds: input.projectIds,
        })) as { token: TokenSummary & { token: string } };
        const { token: secret, ...summary } = token;
        return { token: secret, keyId: token.keyId, summary };
      },
      revokeToken: async (keyId) => void (await run({ command: "tokens.revoke", keyId })),
      killKey: async (keyId) => void (await run({ command: "keys.kill", keyId })),
      restoreKey: async (keyId) => void (await run({ command: "keys.restore", keyId })),
      setTier: async (keyId, tier) => void (await run({ command: "keys.tier", keyId, tier })),
      removeMember: async (projectId, email) => void (await run({ command: "members.remove", projectId, email })),
      addMember: async (projectId, email, role = "viewer") =>
        void (await run({ command: "members.add", projectId, email, role })),
      revokeApiAccess: async (organizationId) =>
        void (await run({ command: "orgs.revoke-api-access", organizationId })),
      restoreApiAccess: async (organizationId) =>
        void (await run({ command: "orgs.restore-api-access", organizationId })),
      setGlobalKillSwitch: async (on) => void (await run({ command: "kill-switch", on })),
      run,
    };
    return {
      url: listening.url,
      operator,
      requestCount: (keyId) => services.requestCounts.get(keyId) ?? 0,
      services,
      db: services.db,
      async close() {
        await listening.close();
        await services.close();
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}
