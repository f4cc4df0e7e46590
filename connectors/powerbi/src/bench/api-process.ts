// The Layer API for the benchmark in a process of its own, as deployed: the reader, the proxy and
// the API each get their own thread, as Power BI, the proxy and the API would. Started by run.ts
// with `fork`; the tokens it creates go back over the IPC channel only, never to a log or a pipe.
import { startTokenApi } from "@layer/token-api/testing";

export interface ApiReady {
  url: string;
  seedSeconds: number;
  /** On the partner tier with its limits lifted: for throughput. */
  fastToken: string;
  /** On the standard tier with the API's default limits: for the reads in a row. */
  standardToken: string;
}

const rows = Number(process.env["BENCH_ROWS"] ?? 250_000);
const seedStart = Date.now();
const unlimited = { "read-light": 1_000_000, "long-running": 1_000_000, "write-light": 1_000_000 };
const api = await startTokenApi({ ordersRows: rows, rateLimits: { partner: unlimited } });
const seedSeconds = (Date.now() - seedStart) / 1000;
const fast = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - bench", expires: "90d" });
await api.operator.setTier(fast.keyId, "partner");
const standard = await api.operator.createToken({
  email: "ada@example.com",
  name: "Power BI - bench, standard tier",
  expires: "90d",
});
const ready: ApiReady = { url: api.url, seedSeconds, fastToken: fast.token, standardToken: standard.token };
process.send?.(ready);
process.once("disconnect", () => {
  void api.close().then(() => process.exit(0));
});
