// `npm run bench`: every package's benchmark (one at a time: they share 2 cores), then one report
// of their figures, each a ratio against a baseline measured in the same run:
// bench/results/latest.md (the table) and latest.svg (the ratios as bars), both committed.
// `node scripts/bench-report.mjs --report-only` rewrites the report from the results on disk.
//
// A package states its figures in bench-results/summary.json
// ({ package, figures: [{ figure, value, unit, baseline, baselineValue, ratio, target }] });
// for a package whose bench predates that file, FROM_RESULTS below reads its own results file.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const reportOnly = process.argv.includes("--report-only");
const PACKAGES = [
  { name: "@layer/token-client", dir: "packages/token-client" },
  { name: "@layer/token-api", dir: "apps/token-api" },
  { name: "@layer/google-sheets", dir: "connectors/google-sheets" },
  { name: "@layer/excel", dir: "connectors/excel" },
  { name: "@layer/powerbi", dir: "connectors/powerbi" },
  { name: "@layer/mcp", dir: "connectors/mcp" },
];

const started = Date.now();
let benchStatus = 0;
if (!reportOnly) {
  const turbo = spawnSync("npx", ["turbo", "run", "bench", "--concurrency=1", "--continue"], {
    cwd: root,
    stdio: "inherit",
  });
  benchStatus = turbo.status ?? 1;
}

const fig = (figure, value, unit, baseline = null, baselineValue = null, target = null) => ({
  figure,
  value,
  unit,
  baseline,
  baselineValue,
  ratio: baselineValue ? round(value / baselineValue, 3) : null,
  target,
});
const round = (n, digits) => Number(n.toFixed(digits));

/** Readers of the results files benches wrote before summary.json existed (file, then figures). */
const FROM_RESULTS = {
  "@layer/token-client": [
    "bench-results/parse-token.json",
    (r) => {
      const ops = Object.fromEntries(r.results.map((x) => [x.name, x.opsPerSecond]));
      const regex = ops["bare regex test"];
      return [
        fig("parseToken throughput", ops["parseToken"], "ops/s", "bare regex test of the token shape", regex),
        fig("maskToken throughput", ops["maskToken"], "ops/s", "bare regex test of the token shape", regex),
      ];
    },
  ],
  "@layer/token-api": [
    "bench-results/bench.json",
    (r, limits) => [
      fig(
        "cached whoami requests/s",
        r.cachedWhoami.rps,
        "req/s",
        "bare Express route, same bytes (header fields and body)",
        r.bareExpress.rps,
        "≥ 0.8",
      ),
      ...(r.bareExpressBodyOnly
        ? [
            fig(
              "cached whoami requests/s",
              r.cachedWhoami.rps,
              "req/s",
              "bare Express route, same body only",
              r.bareExpressBodyOnly.rps,
            ),
          ]
        : []),
      fig(
        "cached whoami p99 latency",
        r.cachedWhoami.p99,
        "ms",
        "bare Express route p99",
        Math.max(r.bareExpress.p99, 1),
        "≤ 1.5",
      ),
      ...(r.cachedWhoamiWithoutRateLimiter
        ? [
            fig(
              "cached whoami requests/s, no rate limiter",
              r.cachedWhoamiWithoutRateLimiter.rps,
              "req/s",
              "bare Express route, same bytes",
              r.bareExpress.rps,
            ),
          ]
        : []),
      fig(
        "malformed-token rejections/s",
        r.malformedRejections.perSecond ?? r.malformedRejections.rps,
        "req/s",
        "bare Express route",
        r.bareExpress.rps,
      ),
      fig(
        `rows served (${r.rows.rows.toLocaleString("en")} rows, ${r.rows.pages} pages)`,
        r.rows.rowsPerSecond,
        "rows/s",
      ),
      ...(limits ? limitFigures(limits) : []),
    ],
    "bench-results/limits.json",
  ],
  "@layer/google-sheets": [
    "bench-results/import.json",
    (r) => [
      fig(
        `Apps Script time estimate, ${r.rows.toLocaleString("en")} rows × ${r.columns}`,
        r.appsScriptEstimateSeconds,
        "s",
        "6-minute execution limit",
        r.appsScriptLimitSeconds,
        "≤ 1",
      ),
      fig(
        `import in the vm, ${r.rows.toLocaleString("en")} rows × ${r.columns}`,
        r.rowsPerSecond,
        "rows/s",
        "the API's serving time alone",
        round(r.rows / r.serverAndNetworkSeconds, 0),
      ),
    ],
  ],
  "@layer/excel": [
    "bench-results/import.json",
    (r) => [
      fig(
        `task pane import, ${r.rows.toLocaleString("en")} rows × ${r.columns}`,
        r.rowsPerSecond,
        "rows/s",
        r.directRowsPerSecond ? "direct API paging, same rows" : null,
        r.directRowsPerSecond ?? null,
      ),
    ],
  ],
  "@layer/powerbi": [
    "bench-results/proxy.json",
    (r) => [
      fig(
        `OData proxy read, ${r.rowsRead.toLocaleString("en")} rows`,
        r.proxyRowsPerSecond,
        "rows/s",
        "direct API paging, same rows",
        r.directRowsPerSecond,
        "≥ 0.8",
      ),
      fig("OData proxy peak memory while streaming", r.proxyPeakRssMb, "MB RSS", "the proxy idle", r.proxyIdleRssMb),
    ],
  ],
};

/** The token API's hardening figures (rate limits, revocation race, wrong-secret flood), when its bench ran. */
function limitFigures(l) {
  const out = [];
  const whoami = l.limitedWhoami ?? {};
  const bare = whoami["bare express route"]?.rps;
  for (const [name, f] of Object.entries(whoami)) {
    if (name !== "bare express route" && bare)
      out.push(fig(`rate-limited cached whoami, ${name}`, f.rps, "req/s", "bare Express route", bare));
  }
  for (const [name, race] of Object.entries(l.revokeRace ?? {})) {
    out.push(
      fig(
        `requests accepted after the revoke answer, ${name} (of ${race.sentAfterRevokeAnswer.toLocaleString("en")} sent after it)`,
        race.acceptedAfterRevokeAnswer,
        "requests",
        null,
        null,
        "= 0",
      ),
    );
  }
  for (const [name, owner] of Object.entries(l.ownerUnderFlood ?? {})) {
    out.push(
      fig(
        `owner's requests refused during a wrong-secret flood on its key_id, ${name}`,
        owner.ownerRefused,
        "requests",
        null,
        null,
        "= 0",
      ),
    );
  }
  const flood = l.cachedWhoamiUnderFlood;
  if (flood)
    out.push(
      fig(
        "cached whoami of another key under a wrong-secret flood from another process",
        flood.underFlood.rps,
        "req/s",
        "the same, unloaded",
        flood.unloaded.rps,
        "≥ 0.7",
      ),
    );
  return out;
}

const problems = [];
const sections = [];
for (const pkg of PACKAGES) {
  const summaryFile = join(root, pkg.dir, "bench-results/summary.json");
  const [resultsName, read, extraName] = FROM_RESULTS[pkg.name] ?? [];
  const file = existsSync(summaryFile) ? summaryFile : resultsName ? join(root, pkg.dir, resultsName) : null;
  if (!file || !existsSync(file)) {
    problems.push(`${pkg.name}: no results (its bench failed or never ran)`);
    continue;
  }
  // A file older than this run is an earlier run's: report it, but say so and fail.
  const stale = !reportOnly && statSync(file).mtimeMs < started;
  if (stale) problems.push(`${pkg.name}: ${file.slice(root.length)} is from an earlier run`);
  try {
    const data = JSON.parse(readFileSync(file, "utf8"));
    const extra =
      extraName && existsSync(join(root, pkg.dir, extraName))
        ? JSON.parse(readFileSync(join(root, pkg.dir, extraName), "utf8"))
        : null;
    const figures = file === summaryFile ? data.figures : read(data, extra);
    sections.push({ package: pkg.name, stale, figures });
  } catch (error) {
    problems.push(`${pkg.name}: cannot read ${file.slice(root.length)}: ${error.message}`);
  }
}

const cpuList = cpus();
const machine = {
  cores: cpuList.length,
  cpu: (cpuList[0]?.model ?? "unknown").replace(/\s+/g, " ").trim(),
  node: process.version,
  memoryGb: round(totalmem() / 2 ** 30, 1),
  date: new Date().toISOString(),
};

const outDir = join(root, "bench/results");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "latest.md"), markdown());
writeFileSync(join(outDir, "latest.svg"), chart());
console.log(`\n${markdown()}`);
console.log("written: bench/results/latest.md, bench/results/latest.svg");
for (const p of problems) console.error(`bench: ${p}`);
process.exit(benchStatus !== 0 || problems.length ? 1 : 0);

/** A target on the ratio ("≥ 0.8", "≤ 2") or, for a figure without a baseline, on the value ("= 0"). */
function meets(f) {
  const m = /^([≥≤=])\s*([\d.]+)$/.exec(f.target ?? "");
  const x = f.ratio ?? (f.baselineValue === null ? f.value : null);
  if (!m || x === null || x === undefined) return null;
  const t = Number(m[2]);
  return m[1] === "≥" ? x >= t : m[1] === "≤" ? x <= t : x === t;
}

function num(n) {
  if (n === null || n === undefined) return "—";
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString("en") : String(round(n, 2));
}

function markdown() {
  const lines = [
    "# Benchmark report",
    "",
    `Written by \`npm run bench\`${reportOnly ? " (--report-only: from the results on disk)" : ""} on ${machine.date.slice(0, 16).replace("T", " ")} UTC. Every ratio is the figure over its`,
    "baseline, both measured in the same run on the same machine: compare ratios across machines, not",
    "absolute figures. Chart of the ratios: [latest.svg](latest.svg).",
    "",
    `Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}.`,
    "",
    "| package | figure | value | baseline | baseline value | ratio | target | met |",
    "|---|---|---:|---|---:|---:|---|---|",
  ];
  for (const s of sections) {
    for (const f of s.figures) {
      const ok = meets(f);
      lines.push(
        `| ${s.package.replace("@layer/", "")}${s.stale ? " (stale)" : ""} | ${f.figure} | ${num(f.value)} ${f.unit} | ${f.baseline ?? "—"} | ${num(f.baselineValue)} | ${f.ratio === null ? "—" : `${round(f.ratio, 2)}×`} | ${f.target ?? "—"} | ${ok === null ? "—" : ok ? "yes" : "**no**"} |`,
      );
    }
  }
  if (problems.length) lines.push("", "Problems in this run:", "", ...problems.map((p) => `- ${p}`));
  return `${lines.join("\n")}\n`;
}

// A few bars need no charting library: hand-written SVG, one bar per ratio, 1× and each target marked.
function chart() {
  const bars = sections.flatMap((s) =>
    s.figures.filter((f) => f.ratio !== null).map((f) => ({ ...f, package: s.package.replace("@layer/", "") })),
  );
  const targetOf = (f) => Number(/[\d.]+/.exec(f.target ?? "")?.[0] ?? NaN);
  const max = Math.max(1.2, ...bars.map((b) => b.ratio), ...bars.map(targetOf).filter(Number.isFinite)) * 1.1;
  const left = 450,
    width = 340,
    rowH = 26,
    top = 40;
  const height = top + bars.length * rowH + 30;
  const x = (r) => left + (r / max) * width;
  const esc = (t) => String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const rows = bars.map((b, i) => {
    const y = top + i * rowH;
    const ok = meets(b);
    const color = ok === false ? "#c0392b" : ok ? "#2e8b57" : "#4a6fa5";
    const t = targetOf(b);
    return [
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(`${b.package}: ${b.figure}`.slice(0, 72))}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${Math.max(1, x(b.ratio) - left).toFixed(1)}" height="16" fill="${color}"/>`,
      `<text x="${(x(b.ratio) + 4).toFixed(1)}" y="${y + 16}">${esc(`${round(b.ratio, 2)}×`)}</text>`,
      Number.isFinite(t)
        ? `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${y + 1}" y2="${y + 23}" stroke="#222" stroke-width="2" stroke-dasharray="3,2"><title>target ${esc(b.target)}</title></line>`
        : "",
    ].join("");
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 60}" height="${height}" font-family="sans-serif" font-size="12">
<title>Layer suite: benchmark ratios against same-run baselines</title>
<text x="10" y="20" font-size="14" font-weight="bold">Ratios against a baseline measured in the same run (${esc(`${machine.cores} cores, Node ${machine.node}`)})</text>
<line x1="${x(1).toFixed(1)}" x2="${x(1).toFixed(1)}" y1="${top - 4}" y2="${height - 24}" stroke="#999"/>
<text x="${x(1).toFixed(1)}" y="${height - 10}" text-anchor="middle" fill="#666">1× (baseline)</text>
${rows.join("\n")}
<text x="${left + width + 55}" y="${height - 10}" text-anchor="end" fill="#666">dashed: target</text>
</svg>
`;
}
