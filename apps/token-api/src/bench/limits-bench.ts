import autocannon from "autocannon";
import { performance } from "node:perf_hooks";
import {
  dropSchema,
  startInstance,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  uniqueSchema,
  type Instance,
} from "../testing/local-instances.js";
import { startBareWhoami, whoamiAnswer } from "./bare-route.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

/**
 * The rate-limit benchmarks, appended to `npm run bench`: rate-limited cached whoami (buckets in memory
 * and in Redis) against the bare route; a revocation race over two instances; a wrong-secret flood
 * against one key_id while another key's cached traffic is measured. Same process, same run:
 * read the ratios, not the absolute figures (PLATFORM.md).
 */
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const ROUNDS = 3;
const RACE_REQUESTS = Number(process.env["BENCH_RACE_REQUESTS"] ?? 10_000);
const RACE_CONCURRENCY = 20;
const FLOOD_RATE = Number(process.env["BENCH_FLOOD_RATE"] ?? 300);
const HUGE = 1_000_000_000;
const unlimited = { standard: { "read-light": HUGE, "write-light": HUGE, "long-running": HUGE } };

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

/** 10,000 requests of one token over two instances, revoked through A midway: none may pass after the revoke answer. */
async function revocationRace(): Promise<Record<string, number>> {
  const schema = uniqueSchema();
  const keyPrefix = uniqueRedisPrefix();
  const a = await startInstance({
    schema,
    keyPrefix,
    rateLimits: unlimited,
    redisUrl: TEST_REDIS_URL,
    seed: true,
    ordersRows: 10,
  });
  const b = await startInstance({ schema, keyPrefix, rateLimits: unlimited, redisUrl: TEST_REDIS_URL });
  try {
    const { token, keyId } = await a.createToken("ada@example.com", "Race");
    let sent = 0;
    let revokeAnsweredAt = Number.POSITIVE_INFINITY;
    let revoke: Promise<unknown> | undefined;
    const results: { sentAt: number; status: number }[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: RACE_CONCURRENCY }, async () => {
        while (sent < RACE_REQUESTS) {
          const n = sent++;
          if (n === RACE_REQUESTS / 2) {
            revoke = a.run({ command: "tokens.revoke", keyId }).then(() => (revokeAnsweredAt = performance.now()));
          }
          const sentAt = performance.now();
          const r = await fetch(`${(n % 2 ? a : b).url}/v1/whoami`, { headers: { "X-Api-Key": token } });
          await r.arrayBuffer();
          results.push({ sentAt, status: r.status });
        }
      }),
    );
    await revoke;
    const seconds = (performance.now() - started) / 1000;
    const after = results.filter((r) => r.sentAt > revokeAnsweredAt);
    const figures = {
      requests: results.length,
      acceptedBeforeRevokeAnswer: results.filter((r) => r.sentAt <= revokeAnsweredAt && r.status === 200).length,
      sentAfterRevokeAnswer: after.length,
      acceptedAfterRevokeAnswer: after.filter((r) => r.status === 200).length,
      refusedAfterRevokeAnswer: after.filter((r) => r.status === 401).length,
      requestsPerSecond: Math.round(results.length / seconds),
    };
    console.log(
      `\nrevocation race (${figures.requests} requests over two instances, ${RACE_CONCURRENCY} clients, revoked through A midway)`,
    );
    console.log(
      `  accepted before the revoke answer: ${figures.acceptedBeforeRevokeAnswer}; ` +
        `sent after it: ${figures.sentAfterRevokeAnswer}, of which 401: ${figures.refusedAfterRevokeAnswer}`,
    );
    console.log(
      `  accepted after the revoke answer : ${figures.acceptedAfterRevokeAnswer} (must be 0), ${figures.requestsPerSecond} req/s overall`,
    );
    return figures;
  } finally {
    await b.close();
    await a.close();
    await dropSchema(schema);
  }
}

/** Wrong secrets against one key_id at FLOOD_RATE/s while another key's cached whoami is measured. */
async function wrongSecretFlood(): Promise<Record<string, unknown>> {
  const guarded = await startTokenApi({ ordersRows: 10, bcryptCost: 12, rateLimits: unlimited });
  // The same API without its rate limits and failed-authentication buckets, to show what they save.
  const unguarded = await startTokenApi({ ordersRows: 10, bcryptCost: 12, rateLimits: false });
  try {
    const out: Record<string, unknown> = {};
    console.log(
      `\nwrong-secret flood (${FLOOD_RATE} req/s against one key_id, bcrypt cost 12) while another key's cached whoami runs`,
    );
    for (const [name, api] of [
      ["with failed-authentication buckets", guarded],
      ["without them", unguarded],
    ] as const) {
      const victim = await api.operator.createToken({ email: "ada@example.com", name: "Victim", expires: "never" });
      const measured = await api.operator.createToken({
        email: "chen@example.com",
        name: "Measured",
        expires: "never",
      });
      await whoamiAnswer(api.url, measured.token);
      const headers = { "X-Api-Key": measured.token };
      // A new wrong secret every request: no verification can be shared, each may cost a bcrypt.
      let guess = 0;
      const wrong = () => ({ "X-Api-Key": victim.token.slice(0, -8) + (guess++).toString(36).padStart(8, "0") });
      const url = `${api.url}/v1/whoami`;
      const unloaded: Figures[] = [];
      const loaded: Figures[] = [];
      let floodNon2xx = 0;
      let floodRps = 0;
      const seconds = Math.max(2, Math.round(SECONDS / ROUNDS));
      // A sustained flood is what the target is about: spend the key_id's failure bucket first
      // (at most its few bcrypts a minute), then measure.
      await load(url, {}, 1, FLOOD_RATE, wrong);
      const bcryptBefore = api.services.gate.verifications;
      for (let round = 0; round < ROUNDS; round++) {
        unloaded.push(await load(url, headers, seconds));
        const [measuredFigures, flood] = await Promise.all([
          load(url, headers, seconds),
          load(url, {}, seconds, FLOOD_RATE, wrong),
        ]);
        loaded.push(measuredFigures);
        floodNon2xx += flood.non2xx;
        floodRps += flood.rps / ROUNDS;
      }
      const u = average(unloaded);
      const l = average(loaded);
      out[name] = {
        unloaded: u,
        underFlood: l,
        floodRefusals: floodNon2xx,
        floodRps,
        ratio: ratio(l.rps, u.rps),
        bcryptRunsWhileMeasured: api.services.gate.verifications - bcryptBefore,
      };
      console.log(
        `  ${name.padEnd(34)}: unloaded ${u.rps.toFixed(0)} req/s, ` +
          `under flood ${l.rps.toFixed(0)} req/s (p99 ${l.p99} ms), ratio ${ratio(l.rps, u.rps)}` +
          `${name.startsWith("with ") ? " (target >= 0.7)" : ""}; flood ${floodRps.toFixed(0)} req/s, ` +
          `bcrypt runs while measured ${api.services.gate.verifications - bcryptBefore}`,
      );
    }
    return out;
  } finally {
    await guarded.close();
    await unguarded.close();
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
    revocationRace: await revocationRace(),
    wrongSecretFlood: await wrongSecretFlood(),
  };
}
