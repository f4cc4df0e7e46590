import { startTokenApi } from "../testing/index.js";
import { runFoldingBenchmarks } from "./folding-bench.js";

/** `node dist/bench/folding-run.js`: the folding figures alone (the full bench runs them too). */
const api = await startTokenApi({
  ordersRows: Number(process.env["BENCH_ORDERS_ROWS"] ?? 250_000),
  rateLimits: { standard: { "long-running": 1_000_000_000 } },
});
try {
  const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Bench" });
  await runFoldingBenchmarks(api, token);
} finally {
  await api.close();
}
