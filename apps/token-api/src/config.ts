import { fileURLToPath } from "node:url";
import { rateLimitsFromEnv, type AuthFailureLimits, type RateLimitOverrides } from "./limits/rate-limit-policy.js";

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL through `pg` when set; otherwise embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** PostgreSQL only: the schema to use (tests). */
  databaseSchema: string | undefined;
  /** Embedded PGlite data directory, or "memory". */
  dataDir: string;
  /** Origins allowed by CORS (the Excel add-in's origin, the account page's own origin is same-origin). */
  corsOrigins: string[];
  bcryptCost: number;
  /** bcrypt verifications in flight before new ones are refused with 503. */
  bcryptMaxInFlight: number;
  /** JSON body limit; larger bodies get 413 PAYLOAD_TOO_LARGE. */
  bodyLimitBytes: number;
  cacheTtlMs: number;
  cacheMaxEntries: number;
  killSwitchRefreshMs: number;
  lastUsedFlushMs: number;
  logLevel: string;
  /** The account page's link in rotation advice. */
  publicUrl: string;
  /** How often the server deletes revoked and expired tokens past the history's 90 days; 0 turns it off. */
  historyPurgeIntervalSeconds?: number | undefined;
  /** Requests per minute per tier and endpoint class; issue 4's limiter reads it. */
  rateLimits?: RateLimitOverrides | undefined;
  /** The rate limits' window in seconds (default 60); tests that must wait one out use a short one. */
  rateLimitWindowSeconds?: number | undefined;
  /** Failed authentication attempts per minute, per key_id and per client address (issue 4). */
  authFailureLimits?: AuthFailureLimits | undefined;
  /** Several API processes: shared rate-limit buckets and cache invalidation through Redis (issue 4). */
  redisUrl?: string | undefined;
  /** Namespace of every Redis key and channel of this deployment. */
  redisKeyPrefix?: string | undefined;
  /** PostgreSQL: a filtered, sorted or counted read is stopped after this long (400; 0 turns it off). */
  rowsStatementTimeoutMs?: number | undefined;
  /**
   * Express's "trust proxy": which proxy in front (a TLS terminator) may tell the client's address
   * and protocol through X-Forwarded-For/-Proto. Off by default: those headers are then ignored.
   */
  trustProxy?: boolean | number | string | undefined;
}

/** apps/token-api/.data, whatever the working directory, so the server and the CLI agree. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../.data", import.meta.url));

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = int(env["PORT"], 8787, "PORT");
  const config: Config = {
    port,
    host: env["HOST"] ?? "127.0.0.1",
    databaseUrl: env["DATABASE_URL"] || undefined,
    databaseSchema: env["DATABASE_SCHEMA"] || undefined,
    dataDir: env["LAYER_DATA_DIR"] || DEFAULT_DATA_DIR,
    corsOrigins: (env["CORS_ORIGINS"] ?? "https://localhost:3000,https://127.0.0.1:3000")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    bcryptCost: int(env["BCRYPT_COST"], 12, "BCRYPT_COST"),
    bcryptMaxInFlight: int(env["BCRYPT_MAX_IN_FLIGHT"], 8, "BCRYPT_MAX_IN_FLIGHT"),
    bodyLimitBytes: int(env["BODY_LIMIT_BYTES"], 64 * 1024, "BODY_LIMIT_BYTES"),
    cacheTtlMs: int(env["TOKEN_CACHE_TTL_MS"], 60_000, "TOKEN_CACHE_TTL_MS"),
    cacheMaxEntries: int(env["TOKEN_CACHE_MAX_ENTRIES"], 50_000, "TOKEN_CACHE_MAX_ENTRIES"),
    killSwitchRefreshMs: int(env["KILL_SWITCH_REFRESH_MS"], 5_000, "KILL_SWITCH_REFRESH_MS"),
    lastUsedFlushMs: int(env["LAST_USED_FLUSH_MS"], 60_000, "LAST_USED_FLUSH_MS"),
    logLevel: env["LOG_LEVEL"] ?? "info",
    publicUrl: env["PUBLIC_URL"] ?? `http://127.0.0.1:${port}`,
    historyPurgeIntervalSeconds: int(env["HISTORY_PURGE_INTERVAL_SECONDS"], 3600, "HISTORY_PURGE_INTERVAL_SECONDS"),
    rateLimits: rateLimitsFromEnv(env["RATE_LIMITS"]),
    authFailureLimits: {
      perKeyId: int(env["AUTH_FAILURES_PER_KEY_ID"], 10, "AUTH_FAILURES_PER_KEY_ID"),
      perAddress: int(env["AUTH_FAILURES_PER_ADDRESS"], 30, "AUTH_FAILURES_PER_ADDRESS"),
    },
    redisUrl: env["REDIS_URL"] || undefined,
    redisKeyPrefix: env["REDIS_KEY_PREFIX"] || "layer",
    rowsStatementTimeoutMs: int(env["ROWS_STATEMENT_TIMEOUT_MS"], 10_000, "ROWS_STATEMENT_TIMEOUT_MS"),
    trustProxy: trustProxyFromEnv(env["TRUST_PROXY"]),
    ...overrides,
  };
  if (config.bcryptCost < 4 || config.bcryptCost > 31) throw new Error("BCRYPT_COST must be 4 to 31");
  return config;
}

/**
 * TRUST_PROXY: a hop count ("1": the one proxy in front), or addresses and subnets, or Express's
 * names ("loopback", "uniquelocal"), comma-separated. "true" (trust any sender) is refused: anyone
 * could then claim HTTPS or another address.
 */
export function trustProxyFromEnv(value: string | undefined): number | string | false {
  const v = value?.trim();
  if (!v || v === "false" || v === "0") return false;
  if (v === "true") throw new Error("TRUST_PROXY=true would trust any client; give a hop count or the proxy's address");
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
