import autocannon from "autocannon";
import { mkdirSync, writeFileSync } from "node:fs";
import { startTokenApi } from "../testing/index.js";
import { startBareWhoami, whoamiAnswer } from "./bare-route.js";
import { runFoldingBenchmarks } from "./folding-bench.js";
import { runLimitBenchmarks } from "./limits-bench.js";

/**
 * `npm run bench -w apps/token-api`: one process, one run (docs/hosts.md: compare ratios, not
 * absolute figures). Cached whoami against a bare express route answering the same bytes;
 * malformed-token refusals; rows per second over 1,000-row pages of the 250k table.
 *
 * autocannon fires from a worker thread of this process: on the server's own event loop it would
 * spend the server's time parsing responses, and the more header bytes a response has the more of
 * it, so the figure would be the client's as much as the API's.
 */
const DURATION = Number(process.env["BENCH_SECONDS"] ?? 8);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const ORDERS = Number(process.env["BENCH_ORDERS_ROWS"] ?? 250_000);
/** One-second rounds of every side, in turn (every other round reversed): the shared machine's bursts fall on all sides alike. */
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 20);

interface Figures {
  rps: number;
  p99: number;
  p50: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, duration = DURATION): Promise<Figures> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration, workers: 1 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const seedStart = Date.now();
  const api = await startTokenApi({
    ordersRows: ORDERS,
    bcryptCost: 12,
    // The limiter stays in the path, with buckets too large to refuse a benchmark.
    rateLimits: { standard: { "read-light": 1_000_000_000, "long-running": 1_000_000_000 } },
  });
  const seedMs = Date.now() - seedStart;
  const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Bench", expires: "90d" });
  const whoamiUrl = `${api.url}/v1/whoami`;
  const answer = await whoamiAnswer(api.url, token);

  // The same whoami without the rate limiter, to show what authentication and the handler cost alone.
  const plain = await startTokenApi({ ordersRows: 10, bcryptCost: 4, rateLimits: false });
  const plainToken = (await plain.operator.createToken({ email: "ada@example.com", name: "Bench", expires: "90d" }))
    .token;
  await fetch(`${plain.url}/v1/whoami`, { headers: { "X-Api-Key": plainToken } });

  // The baseline answers whoami's very bytes (bare-route.ts); a body-only route beside it.
  const bareServer = await startBareWhoami(answer);

  const rounds: { bare: Figures; bareBody: Figures; whoami: Figures; plain: Figures }[] = [];
  const sides = {
    bare: (seconds = 1) => load(`${bareServer.url}/v1/whoami`, {}, seconds),
    whoami: (seconds = 1) => load(whoamiUrl, { "X-Api-Key": token }, seconds),
    bareBody: (seconds = 1) => load(`${bareServer.url}/v1/whoami-body`, {}, seconds),
    plain: (seconds = 1) => load(`${plain.url}/v1/whoami`, { "X-Api-Key": plainToken }, seconds),
  };
  const order = Object.keys(sides) as (keyof typeof sides)[];
  for (const side of order) await sides[side](2); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    // Every other round in reverse order: no side always runs first, or just after another.
    const figures: Partial<Record<keyof typeof sides, Figures>> = {};
    for (const side of round % 2 ? [...order].reverse() : order) figures[side] = await sides[side]();
    rounds.push(figures as Record<keyof typeof sides, Figures>);
  }
  const bareFigures = combine(rounds.map((r) => r.bare));
  const bareBody = combine(rounds.map((r) => r.bareBody));
  const whoami = combine(rounds.map((r) => r.whoami));
  const whoamiNoLimiter = combine(rounds.map((r) => r.plain));
  // Each round's whoami against that round's bare: the spread shows the machine's noise.
  const paired = rounds.map((r) => r.whoami.rps / r.bare.rps).sort((a, b) => a - b);
  await plain.close();
  const malformed = await load(whoamiUrl, { "X-Api-Key": "lp_live_not-a-token" });

  // Rows: walk the whole table in 1,000-row pages, one client, as a connector does.
  const rowsStart = process.hrtime.bigint();
  let rows = 0;
  let pages = 0;
  let cursor: string | null = null;
  do {
    const r = await fetch(
      `${api.url}/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=1000${cursor ? `&cursor=${cursor}` : ""}`,
      {
        headers: { "X-Api-Key": token },
      },
    );
    const page = (await r.json()) as { rows: unknown[]; nextCursor: string | null };
    rows += page.rows.length;
    pages++;
    cursor = page.nextCursor;
  } while (cursor);
  const rowsSeconds = Number(process.hrtime.bigint() - rowsStart) / 1e9;

  // Filters, sorts and counts done by the API.
  const folding = await runFoldingBenchmarks(api, token);

  await bareServer.close();
  await api.close();

  const report = {
    settings: { durationSeconds: DURATION, connections: CONNECTIONS, ordersRows: ORDERS, seedMs },
    settingsRounds: { rounds: ROUNDS, secondsEach: 1, load: "autocannon in a worker thread" },
    bareExpress: bareFigures,
    bareExpressBodyOnly: bareBody,
    cachedWhoami: whoami,
    cachedWhoamiWithoutRateLimiter: whoamiNoLimiter,
    ratios: {
      withoutRateLimiterRpsVsBare: round(whoamiNoLimiter.rps / bareFigures.rps),
      whoamiRpsVsBare: round(whoami.rps / bareFigures.rps),
      whoamiRpsVsBareBodyOnly: round(whoami.rps / bareBody.rps),
      whoamiRpsVsBarePairedMedian: round(paired[paired.length >> 1]!),
      whoamiRpsVsBarePairedRange: [round(paired[0]!), round(paired[paired.length - 1]!)],
      whoamiP99VsBare: round(whoami.p99 / Math.max(bareFigures.p99, 1)),
    },
    malformedRejections: { ...malformed, perSecond: malformed.non2xx / DURATION },
    rows: { rows, pages, seconds: round(rowsSeconds), rowsPerSecond: Math.round(rows / rowsSeconds) },
    folding,
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/bench.json", JSON.stringify(report, null, 2));
  console.log(`seed of ${ORDERS} orders rows: ${seedMs} ms`);
  console.log(
    `(${ROUNDS} alternating rounds of 1 s each, ${CONNECTIONS} connections, autocannon in a worker thread of this process)`,
  );
  console.log(
    `bare express      : ${bareFigures.rps.toFixed(0)} req/s, p50 ${bareFigures.p50} ms, p99 ${bareFigures.p99} ms (same header fields and body)`,
  );
  console.log(`bare, body only   : ${bareBody.rps.toFixed(0)} req/s, p99 ${bareBody.p99} ms`);
  console.log(
    `cached whoami     : ${whoami.rps.toFixed(0)} req/s, p50 ${whoami.p50} ms, p99 ${whoami.p99} ms (non-2xx ${whoami.non2xx})`,
  );
  console.log(
    `whoami, no limiter: ${whoamiNoLimiter.rps.toFixed(0)} req/s, p99 ${whoamiNoLimiter.p99} ms, ratio ${report.ratios.withoutRateLimiterRpsVsBare}`,
  );
  console.log(
    `ratio req/s       : ${report.ratios.whoamiRpsVsBare} (target >= 0.8); ` +
      `round by round: median ${report.ratios.whoamiRpsVsBarePairedMedian}, ` +
      `${report.ratios.whoamiRpsVsBarePairedRange.join(" to ")}`,
  );
  console.log(`ratio vs body only: ${report.ratios.whoamiRpsVsBareBodyOnly}`);
  console.log(`ratio p99         : ${report.ratios.whoamiP99VsBare} (target <= 1.5)`);
  console.log(
    `malformed refusals: ${malformed.rps.toFixed(0)} req/s (${malformed.non2xx} 401s), p99 ${malformed.p99} ms`,
  );
  console.log(
    `rows              : ${rows} rows in ${pages} pages, ${report.rows.seconds} s, ${report.rows.rowsPerSecond} rows/s`,
  );

  // Rate limits, revocation race over two instances, wrong-secret flood.
  writeFileSync("bench-results/limits.json", JSON.stringify(await runLimitBenchmarks(), null, 2));
}

const round = (n: number) => Math.round(n * 100) / 100;

function combine(rounds: Figures[]): Figures {
  const avg = (f: (x: Figures) => number) => rounds.reduce((sum, r) => sum + f(r), 0) / rounds.length;
  return {
    rps: avg((r) => r.rps),
    p50: avg((r) => r.p50),
    p99: Math.max(...rounds.map((r) => r.p99)),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
