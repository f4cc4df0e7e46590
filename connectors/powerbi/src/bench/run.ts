// `npm run bench -w connectors/powerbi`: rows per second reading the orders table through the
// OData proxy against paging the API directly, in the same run, and through a relay that does the
// least any proxy must (the ceiling of a proxy on this machine); the proxy's peak memory while
// streaming it; and three full reads in a row on a standard-tier token, whose rate limit runs out
// during the third: every read must complete, the waits included. The reader (this process), the
// proxy and the API each run in a process of their own, as Power BI, the proxy and the API do.
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ApiReady } from "./api-process.js";
import { cpuSeconds, memory, startProxyProcess } from "./proxy-process.js";
import { readDirect, readProxy, readRelay, timed } from "./readers.js";
import { runProxyFolding } from "./folding.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ROWS = Number(process.env["BENCH_ROWS"] ?? 250_000);
const PAGE = Number(process.env["BENCH_PAGE"] ?? 5_000);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 2);
const MEMORY_BUDGET_MB = 50;

// The API in its own process: the throughput token on the partner tier, its limits lifted out of
// the way; the standard tier keeps the API's defaults, for the three reads in a row.
const apiProcess = fork(join(packageDir, "dist", "bench", "api-process.js"), { stdio: "inherit" });
const ready = await new Promise<ApiReady>((resolve, reject) => {
  apiProcess.once("message", (message) => resolve(message as ApiReady));
  apiProcess.once("exit", (code) => reject(new Error(`the API process exited with ${code}`)));
});
const api = { url: ready.url };
const fast = { token: ready.fastToken };
const standard = { token: ready.standardToken };
const seedSeconds = ready.seedSeconds;
const proxy = await startProxyProcess(packageDir, api.url);
const relayProcess = fork(join(packageDir, "dist", "bench", "relay-process.js"), {
  env: { ...process.env, LAYER_API_URL: api.url },
  stdio: "inherit",
});
const relayPort = await new Promise<number>((resolve, reject) => {
  relayProcess.once("message", (port) => resolve(port as number));
  relayProcess.once("exit", (code) => reject(new Error(`the relay process exited with ${code}`)));
});
const relayUrl = `http://127.0.0.1:${relayPort}`;
try {
  const idle = memory(proxy.pid);
  await readProxy(proxy.serviceUrl, fast.token); // warm every path once
  await readDirect(api.url, fast.token, PAGE);
  await readRelay(relayUrl, fast.token);
  const direct: number[] = [];
  const proxied: number[] = [];
  const relayed: number[] = [];
  let proxyCpuSeconds = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const d = await timed(() => readDirect(api.url, fast.token, PAGE));
    const proxyCpuBefore = cpuSeconds(proxy.pid);
    const p = await timed(() => readProxy(proxy.serviceUrl, fast.token));
    proxyCpuSeconds += cpuSeconds(proxy.pid) - proxyCpuBefore;
    const r = await timed(() => readRelay(relayUrl, fast.token));
    if (d.result !== ROWS || p.result.rows !== ROWS || r.result !== ROWS)
      throw new Error(
        `read ${d.result} rows directly, ${p.result.rows} through the proxy and ${r.result} through the relay, of ${ROWS}`,
      );
    direct.push(ROWS / d.seconds);
    proxied.push(ROWS / p.seconds);
    relayed.push(ROWS / r.seconds);
  }
  const streamed = memory(proxy.pid);
  const proxyCpuPer100kRows = (proxyCpuSeconds / (ROWS * ROUNDS)) * 100_000;

  // Three full reads in a row on the standard tier, as three refreshes within a minute would.
  const reads: { seconds: number; waits: number; waitedSeconds: number; pages: number }[] = [];
  for (let read = 0; read < 3; read++) {
    const { result, seconds } = await timed(() => readProxy(proxy.serviceUrl, standard.token));
    if (result.rows !== ROWS) throw new Error(`read ${read + 1} on the standard tier got ${result.rows} of ${ROWS}`);
    reads.push({ seconds, waits: result.waits, waitedSeconds: result.waitedSeconds, pages: result.pages });
  }

  const best = (values: number[]) => Math.max(...values);
  const threeReadsSeconds = reads.reduce((sum, r) => sum + r.seconds, 0);
  const unthrottledThreeReadsSeconds = (3 * ROWS) / best(proxied);
  const result = {
    table: "tbl_orders",
    seededRows: ROWS,
    rowsRead: ROWS,
    seedSeconds: Number(seedSeconds.toFixed(1)),
    apiPageSize: PAGE,
    rounds: ROUNDS,
    proxyNodeFlags: proxy.nodeFlags.join(" "),
    directRowsPerSecond: Math.round(best(direct)),
    proxyRowsPerSecond: Math.round(best(proxied)),
    proxyShare: Number((best(proxied) / best(direct)).toFixed(3)),
    relayRowsPerSecond: Math.round(best(relayed)),
    relayShare: Number((best(relayed) / best(direct)).toFixed(3)),
    roundsDirectRowsPerSecond: direct.map(Math.round),
    roundsProxyRowsPerSecond: proxied.map(Math.round),
    roundsRelayRowsPerSecond: relayed.map(Math.round),
    proxyIdleRssMb: Number(idle.rssMb.toFixed(1)),
    proxyPeakRssMb: Number(streamed.peakMb.toFixed(1)),
    proxyCpuSecondsPer100kRows: Number(proxyCpuPer100kRows.toFixed(2)),
    standardTierThreeReads: reads.map((r) => ({ ...r, seconds: Number(r.seconds.toFixed(1)) })),
    standardTierThreeReadsSeconds: Number(threeReadsSeconds.toFixed(1)),
  };
  const growth = result.proxyPeakRssMb - result.proxyIdleRssMb;
  console.log(
    `orders (${ROWS} rows, seeded in ${result.seedSeconds} s): direct ${result.directRowsPerSecond} rows/s, ` +
      `proxy ${result.proxyRowsPerSecond} rows/s (${result.proxyShare.toFixed(2)} of direct; target ≥ 1.0), ` +
      `relay ${result.relayRowsPerSecond} rows/s (${result.relayShare.toFixed(2)} of direct: a proxy's ceiling here), ` +
      `proxy RSS ${result.proxyIdleRssMb} MB idle, ${result.proxyPeakRssMb} MB peak while streaming ` +
      `(+${growth.toFixed(1)} MB; budget +${MEMORY_BUDGET_MB} MB; node ${result.proxyNodeFlags || "(no flags)"}), ` +
      `proxy CPU ${result.proxyCpuSecondsPer100kRows} s per 100,000 rows; ` +
      `rounds direct ${result.roundsDirectRowsPerSecond.join("/")}, proxy ${result.roundsProxyRowsPerSecond.join("/")}, ` +
      `relay ${result.roundsRelayRowsPerSecond.join("/")}`,
  );
  console.log(
    `three full reads in a row, standard tier: ${reads
      .map((r, i) => `read ${i + 1} ${r.seconds.toFixed(1)} s (${r.waits} waits, ${r.waitedSeconds} s waited)`)
      .join(", ")}; ${threeReadsSeconds.toFixed(1)} s in all, every read complete`,
  );
  const folding = await runProxyFolding(proxy.serviceUrl, fast.token);
  console.log(
    `folding: ${folding.filteredRows} rows of 1% folded in ${folding.filteredReadMs} ms against a full scan of ` +
      `${folding.fullScanMs} ms (${folding.filteredReadRatio}); filtered $count ${folding.countMs} ms against ` +
      `a one-row page ${folding.onePageMs} ms (${folding.countRatio})`,
  );
  const out = join(packageDir, "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "proxy.json"), `${JSON.stringify({ ...result, folding }, null, 2)}\n`);
  const figure = (
    name: string,
    value: number,
    unit: string,
    baseline: string,
    baselineValue: number,
    target: string,
  ) => ({
    figure: name,
    value,
    unit,
    baseline,
    baselineValue,
    ratio: Number((value / baselineValue).toFixed(3)),
    target,
  });
  const rows = ROWS.toLocaleString("en");
  writeFileSync(
    join(out, "summary.json"),
    `${JSON.stringify(
      {
        package: "@layer/powerbi",
        figures: [
          figure(
            `OData proxy read, ${rows} rows`,
            result.proxyRowsPerSecond,
            "rows/s",
            `direct API paging, same rows (${PAGE.toLocaleString("en")}-row pages)`,
            result.directRowsPerSecond,
            "≥ 1.0",
          ),
          figure(
            `pass-through relay read, ${rows} rows (pages relayed unparsed: a proxy's ceiling here)`,
            result.relayRowsPerSecond,
            "rows/s",
            `direct API paging, same rows (${PAGE.toLocaleString("en")}-row pages)`,
            result.directRowsPerSecond,
            "none: the reference for the figure above",
          ),
          figure(
            `OData proxy peak memory streaming ${rows} rows`,
            result.proxyPeakRssMb,
            "MB RSS",
            "the proxy idle",
            result.proxyIdleRssMb,
            `≤ idle + ${MEMORY_BUDGET_MB} MB`,
          ),
          figure(
            `three full reads in a row, standard-tier token, waits included (${reads.reduce((n, r) => n + r.waits, 0)} waits)`,
            result.standardTierThreeReadsSeconds,
            "s",
            "the same three reads unthrottled (3 × the proxy's best read)",
            Number(unthrottledThreeReadsSeconds.toFixed(1)),
            "every read completes",
          ),
          figure(
            `folded $filter read of ${folding.filteredRows} rows (1%)`,
            folding.filteredReadMs,
            "ms",
            "the same read as a full scan filtered in the client",
            folding.fullScanMs,
            "≤ 0.05",
          ),
          figure(
            "folded filtered $count",
            folding.countMs,
            "ms",
            "an unfiltered one-row page ($top=1)",
            folding.onePageMs,
            "≤ 5",
          ),
        ],
      },
      null,
      2,
    )}\n`,
  );
} finally {
  proxy.child.kill("SIGTERM");
  relayProcess.disconnect();
  apiProcess.disconnect();
}
