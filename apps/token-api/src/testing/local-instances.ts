import { randomBytes } from "node:crypto";
import pg from "pg";
import { createApp } from "../app.js";
import { loadConfig, type Config } from "../config.js";
import { listen } from "../listen.js";
import { runOperatorCommand, type OperatorCommand } from "../operator/commands.js";
import { seedDemoData } from "../seed/seed.js";
import { createServices, type Services } from "../services.js";
import { joinCluster, type ClusterMember } from "../cluster/index.js";

/** The local servers of docs/hosts.md; TEST_DATABASE_URL and TEST_REDIS_URL override them. */
export const TEST_POSTGRES_URL = process.env["TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEST_REDIS_URL = process.env["TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379";

export const uniqueSchema = () => `t4_${randomBytes(6).toString("hex")}`;
export const uniqueRedisPrefix = () => `t4:${randomBytes(6).toString("hex")}`;

export interface InstanceOptions {
  databaseUrl?: string;
  schema: string;
  redisUrl?: string | undefined;
  keyPrefix: string;
  rateLimits?: Config["rateLimits"];
  authFailureLimits?: Config["authFailureLimits"];
  /** Seeds the demo data (the first instance of a test only). */
  seed?: boolean;
  ordersRows?: number;
  bcryptCost?: number;
}

export interface Instance {
  url: string;
  services: Services;
  cluster: ClusterMember;
  run(command: OperatorCommand): Promise<unknown>;
  createToken(email: string, name: string): Promise<{ token: string; keyId: string }>;
  /** Requests to GET /v1/test/hold wait here until `releaseHeld()` (in-flight request tests). */
  held: number;
  releaseHeld(): void;
  /** As the server stops on SIGTERM: drain in-flight requests, leave the cluster, flush last-used times. */
  shutdown(drainMs?: number): Promise<void>;
  /** Releases held requests, then shuts down. */
  close(): Promise<void>;
}

/**
 * One API process of a multi-process deployment, inside the calling process on port 0: the
 * two-instance tests and the benchmarks start two of them on one PostgreSQL schema and Redis prefix.
 */
export async function startInstance(o: InstanceOptions): Promise<Instance> {
  const config = loadConfig(
    {},
    {
      port: 0,
      databaseUrl: o.databaseUrl ?? TEST_POSTGRES_URL,
      databaseSchema: o.schema,
      bcryptCost: o.bcryptCost ?? 4,
      logLevel: "silent",
      rateLimits: o.rateLimits,
      ...(o.authFailureLimits ? { authFailureLimits: o.authFailureLimits } : {}),
    },
  );
  const cluster = joinCluster({ redisUrl: o.redisUrl, keyPrefix: o.keyPrefix });
  const services = await createServices({ config, logDestination: { write() {} }, cluster: cluster.deployment });
  if (o.seed) await seedDemoData(services.db, { ordersRows: o.ordersRows ?? 200, bcryptCost: o.bcryptCost ?? 4 });
  cluster.relay(services);
  await cluster.ready();
  let releases: (() => void)[] = [];
  const instance = { held: 0 } as Instance;
  const app = createApp({
    services,
    moreRoutes: (router, { protect }) =>
      router.get("/v1/test/hold", ...protect("read-light"), async (_req, res) => {
        instance.held++;
        await new Promise<void>((resolve) => releases.push(resolve));
        res.json({ held: true });
      }),
  });
  const listening = await listen(app, 0, "127.0.0.1");
  const run = (command: OperatorCommand) => runOperatorCommand(services, command);
  return Object.assign(instance, {
    url: listening.url,
    services,
    cluster,
    run,
    async createToken(email: string, name: string) {
      const { token } = (await run({ command: "tokens.create", email, name, expires: "90d" })) as {
        token: { token: string; keyId: string };
      };
      return { token: token.token, keyId: token.keyId };
    },
    releaseHeld() {
      for (const release of releases) release();
      releases = [];
    },
    async shutdown(drainMs = 10_000) {
      await listening.close(drainMs);
      await cluster.close();
      await services.close();
    },
    async close() {
      instance.releaseHeld();
      await instance.shutdown(2_000);
    },
  });
}

/** Polls until `check` holds (no fixed sleeps as assertions); fails with the last value. */
export async function eventually<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in time; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await probe();
  }
  return last;
}

/** Removes a schema made by `uniqueSchema` (end of a test or benchmark). */
export async function dropSchema(schema: string, databaseUrl = TEST_POSTGRES_URL): Promise<void> {
  if (!/^t4_[0-9a-f]{12}$/.test(schema)) throw new Error("only schemas made by uniqueSchema are dropped here");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
