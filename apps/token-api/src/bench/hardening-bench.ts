import autocannon from "autocannon";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import {
  dropSchema,
  startInstance,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  uniqueSchema,
} from "../testing/local-instances.js";
import { startTokenApi } from "../testing/index.js";
import { whoamiAnswer } from "./bare-route.js";
import { startFlood } from "./flood.js";
import { unlimited } from "./unlimited.js";

/**
 * The token API's hardening as figures (`npm run bench`): the revoke race (requests sent after
 * the revoke answer that were still accepted, first use and cached, one process and two
 * instances: must be 0), an owner's requests refused while a stranger floods wrong secrets at its
 * key_id (must be 0), and cached whoami of another key under such a flood ÷ unloaded (≥ 0.7).
 * Every flood runs in a process of its own (flood-process.ts), at bcrypt cost 12 as in production.
 */
const BCRYPT_COST = 12;
const RACE_TRIES = Number(process.env["BENCH_RACE_TRIES"] ?? 5);
/** A request every 4 ms, as in the report that found the race. */
const RACE_INTERVAL_MS = 4;
/** How long requests go on after the revoke answer: longer than a bcrypt on a busy machine. */
const RACE_AFTER_MS = 1_500;
const FLOOD_RATE = Number(process.env["BENCH_FLOOD_RATE"] ?? 100);
const OWNER_SECONDS = Number(process.env["BENCH_OWNER_SECONDS"] ?? 10);
const ROUNDS = 3;
const ROUND_SECONDS = Number(process.env["BENCH_FLOOD_ROUND_SECONDS"] ?? 3);

interface RaceFigures {
  tries: number;
  sentAfterRevokeAnswer: number;
  acceptedAfterRevokeAnswer: number;
  latestAcceptedMsAfterAnswer: number | null;
}

/**
 * One try: whoami every 4 ms (alternating over `urls`) from before the revoke until 1.5 s after
 * its answer. For first use the token was never verified: the revoke lands while its first bcrypt
 * runs. Counts what was sent after the answer and still got 200.
 */
async function raceTry(urls: string[], token: string, revoke: () => Promise<unknown>, cached: boolean) {
  if (cached) for (const url of urls) await whoamiAnswer(url, token);
  const pending: Promise<void>[] = [];
  const accepted: number[] = [];
  let answeredAt = Number.POSITIVE_INFINITY;
  let sentAfter = 0;
  let n = 0;
  const fire = () => {
    const sentAt = performance.now();
    const after = sentAt > answeredAt;
    if (after) sentAfter++;
    const url = urls[n++ % urls.length]!;
    pending.push(
      fetch(`${url}/v1/whoami`, { headers: { "X-Api-Key": token } }).then(async (r) => {
        await r.arrayBuffer();
        if (after && r.status === 200) accepted.push(sentAt - answeredAt);
      }),
    );
  };
  const timer = setInterval(fire, RACE_INTERVAL_MS);
  fire();
  await sleep(20);
  await revoke();
  answeredAt = performance.now();
  await sleep(RACE_AFTER_MS);
  clearInterval(timer);
  await Promise.all(pending);
  return { sentAfter, accepted };
}

async function race(
  label: string,
  urls: string[],
  newToken: () => Promise<{ token: string; revoke: () => Promise<unknown> }>,
  cached: boolean,
): Promise<RaceFigures> {
  const figures: RaceFigures = {
    tries: RACE_TRIES,
    sentAfterRevokeAnswer: 0,
    acceptedAfterRevokeAnswer: 0,
    latestAcceptedMsAfterAnswer: null,
  };
  for (let i = 0; i < RACE_TRIES; i++) {
    const { token, revoke } = await newToken();
    const { sentAfter, accepted } = await raceTry(urls, token, revoke, cached);
    figures.sentAfterRevokeAnswer += sentAfter;
    figures.acceptedAfterRevokeAnswer += accepted.length;
    if (accepted.length > 0)
      figures.latestAcceptedMsAfterAnswer = Math.max(figures.latestAcceptedMsAfterAnswer ?? 0, ...accepted);
  }
  console.log(
    `  ${label.padEnd(28)}: ${figures.acceptedAfterRevokeAnswer} accepted of ${figures.sentAfterRevokeAnswer} sent after the revoke answer (${RACE_TRIES} tries; must be 0)`,
  );
  return figures;
}

/** The revoke race, one process (embedded database) and two instances (PostgreSQL + Redis). */
export async function revokeRace(): Promise<Record<string, RaceFigures>> {
  console.log(
    `\nrevoke race (whoami every ${RACE_INTERVAL_MS} ms until ${RACE_AFTER_MS} ms after the revoke answer, bcrypt cost ${BCRYPT_COST})`,
  );
  const out: Record<string, RaceFigures> = {};
  const api = await startTokenApi({ ordersRows: 10, bcryptCost: BCRYPT_COST, rateLimits: unlimited });
  try {
    let n = 0;
    const newToken = async () => {
      const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: `Race ${n++}` });
      return { token, revoke: () => api.operator.revokeToken(keyId) };
    };
    out["one process, first use"] = await race("one process, first use", [api.url], newToken, false);
    out["one process, cached"] = await race("one process, cached", [api.url], newToken, true);
  } finally {
    await api.close();
  }
  const schema = uniqueSchema();
  const keyPrefix = uniqueRedisPrefix();
  const common = { schema, keyPrefix, redisUrl: TEST_REDIS_URL, rateLimits: unlimited, bcryptCost: BCRYPT_COST };
  const a = await startInstance({ ...common, seed: true, ordersRows: 10 });
  const b = await startInstance(common);
  try {
    let n = 0;
    const newToken = async () => {
      const { token, keyId } = await a.createToken("ada@example.com", `Race ${n++}`);
      return { token, revoke: () => a.run({ command: "tokens.revoke", keyId }) };
    };
    // Revoked through A; requests alternate between A and B.
    out["two instances, first use"] = await race("two instances, first use", [b.url, a.url], newToken, false);
    out["two instances, cached"] = await race("two instances, cached", [b.url, a.url], newToken, true);
  } finally {
    await b.close();
    await a.close();
    await dropSchema(schema);
  }
  return out;
}

/**
 * A stranger floods wrong secrets at an owner's key_id (FLOOD_RATE/s, another process) while the
 * owner sends a request every 100 ms with a proof cached for 1 s only, so the owner re-verifies
 * about once a second, as it would every minute in production. The stranger stands at another
 * address, then at the owner's own (one NAT).
 */
export async function ownerUnderFlood(): Promise<Record<string, unknown>> {
  console.log(
    `\nowner under a wrong-secret flood (${FLOOD_RATE} req/s at the owner's key_id from another process, ${OWNER_SECONDS} s, proofs cached 1 s, bcrypt cost ${BCRYPT_COST})`,
  );
  const out: Record<string, unknown> = {};
  for (const [label, strangerAddress] of [
    ["stranger at another address", "127.0.0.2"],
    ["stranger at the owner's address", "127.0.0.1"],
  ] as const) {
    const api = await startTokenApi({
      ordersRows: 10,
      bcryptCost: BCRYPT_COST,
      config: { cacheTtlMs: 1_000 },
    });
    try {
      const owner = await api.operator.createToken({ email: "ada@example.com", name: "Owner" });
      const url = `${api.url}/v1/whoami`;
      await whoamiAnswer(api.url, owner.token);
      const flood = await startFlood({ url, token: owner.token, rate: FLOOD_RATE, localAddress: strangerAddress });
      const bcryptBefore = api.services.gate.verifications;
      const statuses: Record<string, number> = {};
      let refused = 0;
      // Paced, not one after another: the owner's count does not shrink when answers are slow.
      const pending: Promise<void>[] = [];
      const ask = () =>
        pending.push(
          fetch(url, { headers: { "X-Api-Key": owner.token } }).then(async (r) => {
            await r.arrayBuffer();
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
            if (r.status !== 200) refused++;
          }),
        );
      const timer = setInterval(ask, 100);
      await sleep(OWNER_SECONDS * 1000);
      clearInterval(timer);
      await Promise.all(pending);
      const stranger = await flood.stop();
      const bcrypts = api.services.gate.verifications - bcryptBefore;
      out[label] = { ownerRequests: statuses, ownerRefused: refused, stranger, bcryptRuns: bcrypts };
      console.log(
        `  ${label.padEnd(32)}: owner refused ${refused} of ${Object.values(statuses).reduce((s, v) => s + v, 0)} (must be 0); stranger sent ${stranger.sent} (${JSON.stringify(stranger.byStatus)}), bcrypt runs ${bcrypts}`,
      );
    } finally {
      await api.close();
    }
  }
  return out;
}

interface Load {
  rps: number;
  p99: number;
  non2xx: number;
}

const measure = async (url: string, token: string): Promise<Load> => {
  const r = await autocannon({
    url,
    headers: { "X-Api-Key": token },
    connections: 10,
    duration: ROUND_SECONDS,
    workers: 1,
  });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx };
};

/**
 * Cached whoami of one key measured (autocannon in a worker thread) alone and while another
 * process floods wrong secrets at another key's key_id: alternating rounds, ratio of the averages.
 */
export async function cachedWhoamiUnderFlood(): Promise<Record<string, unknown>> {
  const api = await startTokenApi({ ordersRows: 10, bcryptCost: BCRYPT_COST, rateLimits: unlimited });
  try {
    const victim = await api.operator.createToken({ email: "ada@example.com", name: "Victim" });
    const measured = await api.operator.createToken({ email: "chen@example.com", name: "Measured" });
    const url = `${api.url}/v1/whoami`;
    await whoamiAnswer(api.url, measured.token);
    await measure(url, measured.token);
    const unloaded: Load[] = [];
    const loaded: Load[] = [];
    const floods = [];
    const bcryptBefore = api.services.gate.verifications;
    for (let round = 0; round < ROUNDS; round++) {
      unloaded.push(await measure(url, measured.token));
      const flood = await startFlood({ url, token: victim.token, rate: FLOOD_RATE, localAddress: "127.0.0.2" });
      loaded.push(await measure(url, measured.token));
      floods.push(await flood.stop());
    }
    const avg = (xs: Load[]) => xs.reduce((s, x) => s + x.rps, 0) / xs.length;
    const ratio = Math.round((avg(loaded) / avg(unloaded)) * 100) / 100;
    const out = {
      unloaded: { rps: avg(unloaded), rounds: unloaded },
      underFlood: { rps: avg(loaded), rounds: loaded },
      ratio,
      flood: floods,
      bcryptRuns: api.services.gate.verifications - bcryptBefore,
    };
    console.log(
      `\ncached whoami of another key under a wrong-secret flood (${FLOOD_RATE} req/s from another process, ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s)`,
    );
    console.log(
      `  unloaded ${avg(unloaded).toFixed(0)} req/s, under flood ${avg(loaded).toFixed(0)} req/s, ratio ${ratio} (target >= 0.7); bcrypt runs ${out.bcryptRuns}`,
    );
    return out;
  } finally {
    await api.close();
  }
}
