import { fileURLToPath } from "node:url";
import { z } from "zod";
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
  /** Requests per minute per tier and endpoint class; the rate limiter reads it. */
  rateLimits?: RateLimitOverrides | undefined;
  /** The rate limits' window in seconds (default 60); tests that must wait one out use a short one. */
  rateLimitWindowSeconds?: number | undefined;
  /** Failed authentication attempts per minute, per key_id and per client address. */
  authFailureLimits?: AuthFailureLimits | undefined;
  /** Several API processes: shared rate-limit buckets and cache invalidation through Redis. */
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
  /** A start on a database without users seeds the demo data (the server's own start and `npm start`). */
  seedOnEmpty?: boolean | undefined;
  /** Rows of the demo orders table when a start seeds. */
  seedOrdersRows?: number | undefined;
}

/** apps/token-api/.data, whatever the working directory, so the server and the CLI agree. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../.data", import.meta.url));

/** What the README's settings table says of one setting (generated: scripts/settings-table.mjs). */
export interface SettingDoc {
  description: string;
  /** The default as Markdown, where the parsed default is machine-specific, derived or unset. */
  shownDefault?: string;
  /** A value that may carry a password: never repeated in an error. */
  secret?: true;
}

export const SETTING_DOCS = z.registry<SettingDoc>();

function setting<T extends z.ZodType>(schema: T, doc: SettingDoc): T {
  const registered: z.ZodType = schema;
  SETTING_DOCS.add(registered, doc);
  return schema;
}

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^[0-9]+$/, {
      error:
        max === Number.MAX_SAFE_INTEGER ? `must be a whole number` : `must be a whole number from ${min} to ${max}`,
    })
    .transform(Number)
    .refine((n) => n >= min && n <= max, {
      error: max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be from ${min} to ${max}`,
    });

const flag = () => z.enum(["true", "false"], { error: "must be true or false" }).transform((value) => value === "true");

const httpUrl = (what: string) =>
  z.string().refine(
    (value) => {
      try {
        return ["http:", "https:"].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be ${what}` },
  );

const urlWithScheme = (schemes: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL such as ${example}` },
  );

/** A setting whose own parser says what is wrong (its message already names it). */
const parsedBy = <T>(parse: (value: string) => T) =>
  z.string().transform((value, ctx) => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * Every setting of the token API, read from the environment when the process starts (none is
 * baked in by a build). The README's settings table is generated from this schema and a test
 * keeps the two equal; an empty value counts as unset.
 */
export const SETTINGS = z.object({
  PORT: setting(wholeNumber(0, 65_535).default(8787), {
    description: "Port of the API and the account page (0 picks a free one).",
  }),
  HOST: setting(z.string().default("127.0.0.1"), {
    description:
      "Address to listen on. **Warning:** anything but a loopback address (`127.0.0.1`, `::1`, `localhost`), such as `0.0.0.0`, opens the API, the account page and its sign-in to the network; do that only behind HTTPS (a TLS terminator, with `TRUST_PROXY`). The server warns at start.",
  }),
  PUBLIC_URL: setting(httpUrl("an http or https URL such as https://layer.example.com").optional(), {
    description:
      "Where users reach this API: the account page link in rotation advice and 401 messages, and the OpenAPI document's server.",
    shownDefault: "`http://127.0.0.1:<PORT>`",
  }),
  CORS_ORIGINS: setting(
    z
      .string()
      .default("https://localhost:3000,https://127.0.0.1:3000")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          httpUrl("a comma-separated list of origins such as https://localhost:3000").refine(
            (origin) => new URL(origin).origin === origin,
            { error: "must list bare origins (scheme, host and port, no path), such as https://localhost:3000" },
          ),
        ),
      ),
    {
      description:
        "Comma-separated origins whose pages may call the API from a browser (the Excel add-in's; `npm start` adds its own). The account page is same-origin and needs none.",
    },
  ),
  LOG_LEVEL: setting(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"), {
    description:
      "JSON log level (`npm start` uses `warn` unless set, so that its terminal shows the banner; the CLI too).",
  }),
  TRUST_PROXY: setting(parsedBy(trustProxyFromEnv).optional(), {
    description:
      "Behind a TLS terminator: a hop count (`1`), the proxy's addresses or subnets, or `loopback`/`uniquelocal`, comma-separated, whose `X-Forwarded-For`/`-Proto` count. `true` is refused. Unset: those headers are ignored.",
    shownDefault: "off",
  }),
  BCRYPT_COST: setting(wholeNumber(4, 31).default(12), {
    description: "bcrypt cost of token secrets and passwords.",
  }),
  BCRYPT_MAX_IN_FLIGHT: setting(wholeNumber(1).default(8), {
    description: "bcrypt verifications at once; more are refused with 503 and `Retry-After`.",
  }),
  TOKEN_CACHE_TTL_MS: setting(wholeNumber(0).default(60_000), {
    description: "How long a proven token is remembered (its row is still read on every request).",
  }),
  TOKEN_CACHE_MAX_ENTRIES: setting(wholeNumber(0).default(50_000), {
    description: "Proven tokens remembered at most.",
  }),
  LAYER_DATA_DIR: setting(z.string().default(DEFAULT_DATA_DIR), {
    description: "Embedded PostgreSQL (PGlite) data directory, one process at a time; `memory` keeps nothing.",
    shownDefault: "`apps/token-api/.data`",
  }),
  DATABASE_URL: setting(urlWithScheme(["postgres:", "postgresql:"], "postgres://user@host:5432/db").optional(), {
    description: "PostgreSQL instead of the embedded database; any number of API processes may share it.",
    shownDefault: "unset",
    secret: true,
  }),
  DATABASE_SCHEMA: setting(z.string().optional(), {
    description: "PostgreSQL schema to use (tests give each file its own).",
    shownDefault: "`public`",
  }),
  REDIS_URL: setting(urlWithScheme(["redis:", "rediss:"], "redis://127.0.0.1:6379").optional(), {
    description: "With `DATABASE_URL`: Redis for rate-limit buckets and invalidations shared by several processes.",
    shownDefault: "unset",
    secret: true,
  }),
  REDIS_KEY_PREFIX: setting(z.string().default("layer"), {
    description: "Namespace of this deployment's Redis keys and channel.",
  }),
  HISTORY_PURGE_INTERVAL_SECONDS: setting(wholeNumber(0).default(3600), {
    description:
      "How often the server deletes revoked and expired tokens past the history's 90 days (`npm run cli -- purge-history` does it at once); 0 turns it off.",
  }),
  LAST_USED_FLUSH_MS: setting(wholeNumber(0).default(60_000), {
    description: "How often tokens' last-used times are written (and at shutdown).",
  }),
  KILL_SWITCH_REFRESH_MS: setting(wholeNumber(0).default(5_000), {
    description: "How often kill switches are re-read (several processes: at most 2,000).",
  }),
  RATE_LIMITS: setting(parsedBy(rateLimitsFromEnv).optional(), {
    description:
      'Requests per minute per tier and endpoint class, as JSON over the defaults, e.g. `{"standard":{"read-light":300}}`.',
    shownDefault: "[the table](apps/token-api/README.md#rate-limits-and-kill-switches)",
  }),
  AUTH_FAILURES_PER_KEY_ID: setting(wholeNumber(0).default(10), {
    description: "Failed authentications a minute per key_id from one address.",
  }),
  AUTH_FAILURES_PER_ADDRESS: setting(wholeNumber(0).default(30), {
    description: "Failed authentications a minute per client address.",
  }),
  BODY_LIMIT_BYTES: setting(wholeNumber(0).default(64 * 1024), {
    description: "Largest JSON body; larger gets 413 `PAYLOAD_TOO_LARGE`.",
  }),
  ROWS_STATEMENT_TIMEOUT_MS: setting(wholeNumber(0).default(10_000), {
    description: "PostgreSQL: a filtered, sorted or counted read is stopped after this long (0: never).",
  }),
  SEED_ON_EMPTY: setting(flag().default(true), {
    description: "Seed the demo data when a start finds a database without users.",
  }),
  SEED_ORDERS_ROWS: setting(wholeNumber(0).default(250_000), {
    description: "Rows of the demo orders table that seeding writes.",
  }),
});

export type Settings = z.output<typeof SETTINGS>;

/** A setting with a bad value: its one-line message says which and why (no stack is useful). */
export class SettingsError extends Error {
  override name = "SettingsError";
}

/** Reads the environment's settings, or throws one SettingsError naming every bad one. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const given: Record<string, string> = {};
  for (const name of Object.keys(SETTINGS.shape)) {
    const value = env[name];
    if (value !== undefined && value !== "") given[name] = value;
  }
  const result = SETTINGS.safeParse(given);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    if (issue.message.startsWith(name)) return issue.message;
    const doc = SETTING_DOCS.get(SETTINGS.shape[name as keyof typeof SETTINGS.shape]);
    return doc?.secret ? `${name} ${issue.message}` : `${name} ${issue.message}, not ${JSON.stringify(given[name])}`;
  });
  throw new SettingsError(`bad setting: ${[...new Set(problems)].join("; ")}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const s = readSettings(env);
  return {
    port: s.PORT,
    host: s.HOST,
    databaseUrl: s.DATABASE_URL,
    databaseSchema: s.DATABASE_SCHEMA,
    dataDir: s.LAYER_DATA_DIR,
    corsOrigins: s.CORS_ORIGINS,
    bcryptCost: s.BCRYPT_COST,
    bcryptMaxInFlight: s.BCRYPT_MAX_IN_FLIGHT,
    bodyLimitBytes: s.BODY_LIMIT_BYTES,
    cacheTtlMs: s.TOKEN_CACHE_TTL_MS,
    cacheMaxEntries: s.TOKEN_CACHE_MAX_ENTRIES,
    killSwitchRefreshMs: s.KILL_SWITCH_REFRESH_MS,
    lastUsedFlushMs: s.LAST_USED_FLUSH_MS,
    logLevel: s.LOG_LEVEL,
    publicUrl: s.PUBLIC_URL ?? `http://127.0.0.1:${s.PORT}`,
    historyPurgeIntervalSeconds: s.HISTORY_PURGE_INTERVAL_SECONDS,
    rateLimits: s.RATE_LIMITS,
    authFailureLimits: { perKeyId: s.AUTH_FAILURES_PER_KEY_ID, perAddress: s.AUTH_FAILURES_PER_ADDRESS },
    redisUrl: s.REDIS_URL,
    redisKeyPrefix: s.REDIS_KEY_PREFIX,
    rowsStatementTimeoutMs: s.ROWS_STATEMENT_TIMEOUT_MS,
    trustProxy: s.TRUST_PROXY ?? false,
    seedOnEmpty: s.SEED_ON_EMPTY,
    seedOrdersRows: s.SEED_ORDERS_ROWS,
    ...overrides,
  };
}

/** Loopback addresses only reach this machine; any other HOST opens the API to the network. */
export function listensBeyondThisMachine(host: string): boolean {
  return !["127.0.0.1", "::1", "localhost"].includes(host) && !host.startsWith("127.");
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
