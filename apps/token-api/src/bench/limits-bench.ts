import autocannon from "autocannon";
import {
  dropSchema,
  startInstance,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  uniqueSchema,
  type Instance,
} from "../testing/local-instances.js";
import { startBareWhoami, whoamiAnswer } from "./bare-route.js";
import { cachedWhoamiUnderFlood, ownerUnderFlood, revokeRace } from "./hardening-bench.js";
import { unlimited } from "./unlimited.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

/**
 * The limits' benchmarks, appended to `npm run bench`: rate-limited cached whoami (buckets in
 * memory and in Redis) against the bare route, then hardening-bench.ts (the revoke race, an owner
 * under a wrong-secret flood, cached whoami under a flood from another process). Same run: read
 * the ratios, not the absolute figures.
 */
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const ROUNDS = 3;

interface Figures {
  rps: number;
  p99: number;
  non2xx: number;
}

/**
 * `inWorker`: fire from a worker thread, as run.ts does for whoami against the bare route. The
 * flood stays on this thread: its request-varying function cannot cross to a worker, and its
 * measured side is compared with itself unloaded, measured the same way.
 */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  overallRate?: number,
  vary?: () => Record<string, string>,
  inWorker = false,
): Promise<Figures> {
  const r = await autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: seconds,
    ...(inWorker ? { workers: 1 } : {}),
    ...(overallRate ? { overallRate } : {}),
    ...(vary ? { requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...vary() } }) }] } : {}),
  });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx };
}

const average = (rounds: Figures[]): Figures => ({
  rps: rounds.reduce((s, r) => s + r.rps, 0) / rounds.length,
  p99: Math.max(...rounds.map((r) => r.p99)),
  non2xx: rounds.reduce((s, r) => s + r.non2xx, 0),
});
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** Cached whoami behind the limiter: one process with memory buckets, cluster members with memory or Redis buckets. */
async function limitedWhoami(): Promise<Record<string, unknown>> {
  const schema = uniqueSchema();
  const keyPrefix = uniqueRedisPrefix();
  const single: TokenApi = await startTokenApi({ ordersRows: 10, bcryptCost: 4, rateLimits: unlimited });
  const memory: Instance = await startInstance({
    schema,
    keyPrefix,
    rateLimits: unlimited,
    seed: true,
    ordersRows: 10,
  });
  const redis: Instance = await startInstance({ schema, keyPrefix, rateLimits: unlimited, redisUrl: TEST_REDIS_URL });
  try {
    const singleToken = (await single.operator.createToken({ email: "ada@example.com", name: "Bench", expires: "90d" }))
      .token;
    const sharedToken = (await memory.createToken("ada@example.com", "Bench")).token;
    const bareServer = await startBareWhoami(await whoamiAnswer(single.url, singleToken));
    await whoamiAnswer(memory.url, sharedToken);
    await whoamiAnswer(redis.url, sharedToken);
    const targets: [string, string, Record<string, string>][] = [
      ["bare express route", `${bareServer.url}/v1/whoami`, {}],
      ["one process, memory buckets", `${single.url}/v1/whoami`, { "X-Api-Key": singleToken }],
      ["cluster member, memory buckets", `${memory.url}/v1/whoami`, { "X-Api-Key": sharedToken }],
      ["cluster member, Redis buckets", `${redis.url}/v1/whoami`, { "X-Api-Key": sharedToken }],
    ];
    const rounds = new Map<string, Figures[]>(targets.map(([name]) => [name, []]));
    const seconds = Math.max(1, Math.round(SECONDS / ROUNDS));
    for (const [, url, headers] of targets) await load(url, headers, 1, undefined, undefined, true);
    // Alternating short rounds, so a neighbour's load on the shared machine falls on every side.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url, headers] of targets)
        rounds.get(name)!.push(await load(url, headers, seconds, undefined, undefined, true));
    }
    await bareServer.close();
    const figures = Object.fromEntries([...rounds].map(([name, r]) => [name, average(r)]));
    const bareRps = figures["bare express route"]!.rps;
    console.log(
      `\nrate-limited cached whoami (${ROUNDS} alternating rounds of ${seconds} s, ${CONNECTIONS} connections, autocannon in a worker thread)`,
    );
    for (const [name, f] of Object.entries(figures)) {
      console.log(
        `  ${name.padEnd(32)}: ${f.rps.toFixed(0).padStart(6)} req/s, p99 ${f.p99} ms, non-2xx ${f.non2xx}, ratio to bare ${ratio(f.rps, bareRps)}`,
      );
    }
    return figures;
  } finally {
    await single.close();
    await redis.close();
    await memory.close();
    await dropSchema(schema);
  }
}

async function reachable(): Promise<string | undefined> {
  const schema = uniqueSchema();
  try {
    const probe = await startInstance({
      schema,
      keyPrefix: uniqueRedisPrefix(),
      redisUrl: TEST_REDIS_URL,
      seed: false,
    });
    await probe.close();
    await dropSchema(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function runLimitBenchmarks(): Promise<Record<string, unknown>> {
  const down = await reachable();
  if (down) {
    console.log(`\nrate-limit benchmarks skipped: PostgreSQL or Redis not reachable (${down})`);
    return { skipped: down };
  }
  return {
    limitedWhoami: await limitedWhoami(),
    revokeRace: await revokeRace(),
    ownerUnderFlood: await ownerUnderFlood(),
    cachedWhoamiUnderFlood: await cachedWhoamiUnderFlood(),
  };
}
