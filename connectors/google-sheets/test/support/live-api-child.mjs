// The live token API in its own process: the add-on under test blocks its thread on every
// UrlFetchApp call (as Apps Script does), so a server on that thread could never answer.
import { startTokenApi } from "@layer/token-api/testing";

const options = JSON.parse(process.argv[2] ?? "{}");

// Until the API's own limiter (issue 4) lands, its rate-limit seam takes this stand-in: the
// next `count` authenticated requests answer 429 RATE_LIMITED with the contract's envelope and
// Retry-After, exactly as the contract words it. Armed per test over IPC.
const armed = { count: 0, retryAfterSeconds: 1 };
let requestSeq = 0;
function rateLimit(_req, res, next) {
  if (armed.count <= 0) return next();
  armed.count -= 1;
  const retryAfterMs = armed.retryAfterSeconds * 1000;
  res.status(429).set("Retry-After", String(armed.retryAfterSeconds)).json({
    error: {
      code: "RATE_LIMITED",
      message: "Rate limit exceeded for this key and endpoint class.",
      requestId: `req_stand_in_${++requestSeq}`,
      details: { endpointClass: res.locals.endpointClass ?? "read-light", retryAfterMs },
    },
  });
}
const api = await startTokenApi({ ...options, ...(options.rateLimits ? {} : { rateLimit }) });

process.on("message", async ({ id, op, args }) => {
  try {
    let value;
    if (op === "requestCount") value = api.requestCount(...args);
    else if (op === "armRateLimit") Object.assign(armed, { count: args[0], retryAfterSeconds: args[1] });
    else if (op === "close") value = await api.close();
    else value = await api.operator[op](...args);
    process.send({ id, ok: true, value });
    if (op === "close") process.exit(0);
  } catch (error) {
    process.send({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
process.send({ ready: true, url: api.url });
