// `npm run bench`: parseToken throughput against a bare regex test of the same shape, in one run
// (absolute figures depend on the machine; the ratio is what to compare). Runs on the built dist.
import { mkdirSync, writeFileSync } from "node:fs";
import { maskToken, parseToken } from "../dist/tokens.js";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (s, n) => Array.from({ length: n }, () => s[Math.floor(rnd() * s.length)]).join("");
const inputs = Array.from({ length: 1024 }, (_, i) => {
  const t = `lp_${i % 2 ? "live" : "test"}_${pick(ALPHABET, 16)}_${pick(B64, 43)}`;
  // One in four is a typical bad paste, so the diagnosis path is measured too.
  return i % 4 === 3 ? ` "${t}" ` : i % 8 === 5 ? t.slice(0, 50) : t;
});
const BARE = /^lp_(live|test)_[0-9A-HJKMNP-TV-Z]{16}_[A-Za-z0-9_-]{43}$/;

function measure(name, fn, ms = 1500) {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += fn(inputs[i & 1023]) ? 1 : 0; // warm-up
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 1024; i++) sink += fn(inputs[i]) ? 1 : 0;
    ops += 1024;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, opsPerSecond: Math.round(ops / seconds), sink };
}

const results = [
  measure("bare regex test", (s) => BARE.test(s)),
  measure("parseToken", (s) => parseToken(s).ok),
  measure("maskToken", (s) => maskToken(s).length > 0),
];
const base = results[0].opsPerSecond;
for (const r of results) {
  console.log(
    `${r.name.padEnd(16)} ${r.opsPerSecond.toLocaleString("en-US").padStart(14)} ops/s  (${(base / r.opsPerSecond).toFixed(1)}x the regex's cost)`,
  );
}
mkdirSync("bench-results", { recursive: true });
writeFileSync(
  "bench-results/parse-token.json",
  JSON.stringify({ node: process.version, results: results.map(({ sink, ...r }) => r) }, null, 2),
);
