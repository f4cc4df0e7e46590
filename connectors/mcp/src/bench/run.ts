// `npm run bench -w connectors/mcp`: query_rows through the MCP server over stdio, 100-row pages
// of the orders table, against paging the API directly with the token client at the same page
// size, in the same run; and the server's cold start (process start, initialize, first tool
// answer) against a bare Node process start.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@layer/token-client";
import { startTokenApi } from "@layer/token-api/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = join(here, "..", "stdio.js");
const ROWS = Number(process.env["BENCH_ROWS"] ?? 20_000);
const PAGE = 100;
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
const COLD_STARTS = Number(process.env["BENCH_COLD_STARTS"] ?? 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function connect(apiUrl: string, token: string): Promise<Client> {
  const client = new Client({ name: "layer-bench", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [SERVER],
      env: { PATH: process.env["PATH"] ?? "", LAYER_API_URL: apiUrl, LAYER_API_TOKEN: token },
      stderr: "ignore",
    }),
  );
  return client;
}

async function readThroughMcp(client: Client): Promise<number> {
  let cursor: string | null = null;
  let rows = 0;
  do {
    const result = await client.callTool({
      name: "query_rows",
      arguments: { projectId: "prj_acme_tower", tableId: "tbl_orders", limit: PAGE, ...(cursor ? { cursor } : {}) },
    });
    if (result.isError) throw new Error(`query_rows failed: ${JSON.stringify(result.content)}`);
    const page = result.structuredContent as { returnedRows: number; nextCursor: string | null };
    rows += page.returnedRows;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

async function readDirect(apiUrl: string, token: string): Promise<number> {
  const client = createClient({ baseUrl: apiUrl, token });
  let rows = 0;
  for await (const page of client.pages({ projectId: "prj_acme_tower", tableId: "tbl_orders", limit: PAGE })) {
    rows += page.rows.length;
  }
  return rows;
}

/** Spawn to the first tool's answer: what a user waits for after their client starts the server. */
async function coldStart(apiUrl: string, token: string): Promise<number> {
  const start = process.hrtime.bigint();
  const client = await connect(apiUrl, token);
  const result = await client.callTool({ name: "list_projects", arguments: {} });
  const took = seconds(start);
  if (result.isError) throw new Error("list_projects failed");
  await client.close();
  return took;
}

async function bareNodeStart(): Promise<number> {
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`node exited ${code}`))));
  });
  return seconds(start);
}

// Thousands of 100-row pages a minute: the bench measures paging, not the standard tier's limits.
const UNLIMITED = { "read-light": 1_000_000, "write-light": 1_000_000, "long-running": 1_000_000 };
const api = await startTokenApi({ ordersRows: ROWS, rateLimits: { standard: UNLIMITED } });
try {
  const { token } = await api.operator.createToken({ email: "ada@example.com", name: "MCP bench", expires: "90d" });
  const mcp = await connect(api.url, token);
  await readThroughMcp(mcp); // warm-up: JIT, the API's caches
  await readDirect(api.url, token);
  const through: number[] = [];
  const direct: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side runs first, so neither always meets a warmer machine.
    const sides = [
      async () => {
        const t = process.hrtime.bigint();
        const rows = await readThroughMcp(mcp);
        through.push(rows / seconds(t));
      },
      async () => {
        const t = process.hrtime.bigint();
        const rows = await readDirect(api.url, token);
        direct.push(rows / seconds(t));
      },
    ];
    for (const side of round % 2 ? sides.reverse() : sides) await side();
  }
  await mcp.close();

  const cold: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    cold.push(await coldStart(api.url, token));
    bare.push(await bareNodeStart());
  }

  const results = {
    rows: ROWS,
    pageSize: PAGE,
    rounds: ROUNDS,
    mcpRowsPerSecond: Math.round(median(through)),
    directRowsPerSecond: Math.round(median(direct)),
    mcpRounds: through.map(Math.round),
    directRounds: direct.map(Math.round),
    coldStartMs: Math.round(median(cold) * 1000),
    bareNodeStartMs: Math.round(median(bare) * 1000),
    coldStarts: cold.map((s) => Math.round(s * 1000)),
  };
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  const summary = {
    package: "@layer/mcp",
    figures: [
      {
        figure: `query_rows over stdio, ${ROWS.toLocaleString("en")} rows in ${PAGE}-row pages`,
        value: results.mcpRowsPerSecond,
        unit: "rows/s",
        baseline: "direct API paging (token client), same page size",
        baselineValue: results.directRowsPerSecond,
        ratio: ratio(results.mcpRowsPerSecond, results.directRowsPerSecond),
        target: null,
      },
      {
        figure: "cold start to first tool answer (spawn, initialize, list_projects)",
        value: results.coldStartMs,
        unit: "ms",
        baseline: "a bare Node process start",
        baselineValue: results.bareNodeStartMs,
        ratio: ratio(results.coldStartMs, results.bareNodeStartMs),
        target: null,
      },
    ],
  };
  const out = join(here, "..", "..", "bench-results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "mcp.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
  console.log(
    `query_rows over MCP: ${results.mcpRowsPerSecond} rows/s, direct paging ${results.directRowsPerSecond} rows/s, ratio ${summary.figures[0]?.ratio}; cold start ${results.coldStartMs} ms (bare Node ${results.bareNodeStartMs} ms)`,
  );
} finally {
  await api.close();
}
