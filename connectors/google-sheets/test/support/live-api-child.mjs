// The live token API in its own process: the add-on under test blocks its thread on every
// UrlFetchApp call (as Apps Script does), so a server on that thread could never answer.
import { startTokenApi } from "@layer/token-api/testing";

const options = JSON.parse(process.argv[2] ?? "{}");

// Until the API's own limiter (issue 4) lands, its rate-limit seam takes this stand-in: the
// next `count` authenticated requests answer 429 RATE_LIMITED with the contract's envelope and
// Retry-After, exactly as the contract words it. Armed per test over IPC.
const armed = { count: 0, retryAfterSeconds: 1, status: 429, code: "RATE_LIMITED" };
let requestSeq = 0;
function rateLimit(_req, res, next) {
  if (armed.count <= 0) return next();
  armed.count -= 1;
  const retryAfterMs = armed.retryAfterSeconds * 1000;
  const limited = armed.code === "RATE_LIMITED";
  res.status(armed.status).set("Retry-After", String(armed.retryAfterSeconds)).json({
    error: {
      code: armed.code,
      message: limited ? "Rate limit exceeded for this key and endpoint class." : "A dependency is unavailable; retry later.",
      requestId: `req_stand_in_${++requestSeq}`,
      details: limited ? { endpointClass: res.locals.endpointClass ?? "read-light", retryAfterMs } : { retryAfterMs },
    },
  });
}
const api = await startTokenApi({ ...options, ...(options.rateLimits ? {} : { rateLimit }) });

process.on("message", async ({ id, op, args }) => {
  try {
    let value;
    if (op === "requestCount") value = api.requestCount(...args);
    else if (op === "armRateLimit") Object.assign(armed, { count: args[0], retryAfterSeconds: args[1], status: 429, code: "RATE_LIMITED" });
    // 503 SERVICE_UNAVAILABLE as the contract words it (a dependency down), on the same seam.
    else if (op === "armUnavailable") Object.assign(armed, { count: args[0], retryAfterSeconds: args[1], status: 503, code: "SERVICE_UNAVAILABLE" });
    else if (op === "close") value = await api.close();
    else if (op === "createToken" && args[0]?.expiresAt) value = await api.operator.createToken({ ...args[0], expiresAt: new Date(args[0].expiresAt) });
    else value = await api.operator[op](...args);
    process.send({ id, ok: true, value });
    if (op === "close") process.exit(0);
  } catch (error) {
    process.send({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
process.send({ ready: true, url: api.url });
