// `npm run bench -w connectors/powerbi`: rows per second reading the orders table through the
// OData proxy against paging the API directly, in the same run, and the proxy's peak memory while
// streaming it. The proxy runs in its own process, as deployed, so its memory is its own.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTokenApi } from "@layer/token-api/testing";
import { runProxyFolding } from "./folding.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env["BENCH_ROWS"] ?? 250_000);
const PAGE = Number(process.env["BENCH_PAGE"] ?? 5_000);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 2);

async function readDirect(apiUrl: string, token: string): Promise<number> {
  let cursor: string | null = null;
  let rows = 0;
  do {
    const url: string = `${apiUrl}/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await fetch(url, { headers: { "X-Api-Key": token } });
    if (res.status !== 200) throw new Error(`API answered ${res.status}`);
    const page = (await res.json()) as { rows: unknown[]; nextCursor: string | null };
    rows += page.rows.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

async function readProxy(serviceUrl: string, token: string): Promise<number> {
  const auth = `Basic ${Buffer.from(`powerbi:${token}`).toString("base64")}`;
  let next: string | undefined = `${serviceUrl}/Acme_Tower_Orders`;
  let rows = 0;
  while (next !== undefined) {
    const res = await fetch(next, { headers: { Authorization: auth, Accept: "application/json" } });
    if (res.status !== 200) throw new Error(`proxy answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { value: unknown[]; "@odata.nextLink"?: string };
    rows += page.value.length;
    next = page["@odata.nextLink"];
  }
  return rows;
}

function startProxyProcess(apiUrl: string): Promise<{ child: ChildProcess; serviceUrl: string }> {
  const nodeArgs = process.env["BENCH_PROXY_NODE_ARGS"]?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(here, "..", "server.js")], {
    env: { ...process.env, PROXY_PORT: "0", LAYER_API_URL: apiUrl, PROXY_QUIET: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /Layer OData proxy: (\S+)/.exec(buffered);
      if (match?.[1]) resolve({ child, serviceUrl: match[1] });
    });
    child.once("exit", (code) => reject(new Error(`proxy exited with ${code}`)));
  });
}

/** Resident set now and at its peak (VmHWM), in MB, from /proc (Linux). */
function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** CPU seconds the process has used (user + system), from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function timed(read: () => Promise<number>): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const start = process.hrtime.bigint();
  const rows = await read();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rows, seconds, rowsPerSecond: rows / seconds };
}

const seedStart = Date.now();
const api = await startTokenApi({
  ordersRows: ROWS,
  rateLimits: { standard: { "read-light": 1_000_000, "long-running": 1_000_000, "write-light": 1_000_000 } },
});
const seedSeconds = (Date.now() - seedStart) / 1000;
const { token } = await api.operator.createToken({
  email: "ada@example.com",
  name: "Power BI - bench",
  expires: "90d",
});
const { child, serviceUrl } = await startProxyProcess(api.url);
try {
  const idle = memory(child.pid!);
  await readProxy(serviceUrl, token); // warm both paths once
  await readDirect(api.url, token);
  const cpuBefore = cpuSeconds(child.pid!);
  const direct: number[] = [];
  const proxied: number[] = [];
  let rows = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const d = await timed(() => readDirect(api.url, token));
    const p = await timed(() => readProxy(serviceUrl, token));
    if (d.rows !== p.rows) throw new Error(`direct read ${d.rows} rows, the proxy ${p.rows}`);
    rows = d.rows;
    direct.push(d.rowsPerSecond);
    proxied.push(p.rowsPerSecond);
  }
  const best = (values: number[]) => Math.max(...values);
  const after = memory(child.pid!);
  const proxyCpuPer100kRows = ((cpuSeconds(child.pid!) - cpuBefore) / (rows * ROUNDS)) * 100_000;
  const result = {
    table: "tbl_orders",
    seededRows: ROWS,
    rowsRead: rows,
    seedSeconds: Number(seedSeconds.toFixed(1)),
    apiPageSize: PAGE,
    rounds: ROUNDS,
    directRowsPerSecond: Math.round(best(direct)),
    proxyRowsPerSecond: Math.round(best(proxied)),
    proxyShare: Number((best(proxied) / best(direct)).toFixed(3)),
    proxyIdleRssMb: Number(idle.rssMb.toFixed(1)),
    proxyPeakRssMb: Number(after.peakMb.toFixed(1)),
    proxyCpuSecondsPer100kRows: Number(proxyCpuPer100kRows.toFixed(2)),
  };
  console.log(
    `orders (${rows} rows read of ${ROWS} seeded, seeded in ${result.seedSeconds} s): direct ${result.directRowsPerSecond} rows/s, ` +
      `proxy ${result.proxyRowsPerSecond} rows/s (${(result.proxyShare * 100).toFixed(1)}% of direct; target 80%), ` +
      `proxy RSS ${result.proxyIdleRssMb} MB idle, ${result.proxyPeakRssMb} MB peak while streaming, ` +
      `proxy CPU ${result.proxyCpuSecondsPer100kRows} s per 100,000 rows`,
  );
  const folding = await runProxyFolding(serviceUrl, token);
  const out = join(here, "..", "..", "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "proxy.json"), `${JSON.stringify({ ...result, folding }, null, 2)}\n`);
} finally {
  child.kill("SIGTERM");
  await api.close();
}
