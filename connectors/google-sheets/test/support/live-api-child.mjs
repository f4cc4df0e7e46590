// The live token API in its own process: the add-on under test blocks its thread on every
// UrlFetchApp call (as Apps Script does), so a server on that thread could never answer.
import http from "node:http";
import { startTokenApi } from "@layer/token-api/testing";

const options = JSON.parse(process.argv[2] ?? "{}");

// Every 429 comes from the API's own limiter: `rateLimits` sizes a tier, the test
// moves a key onto it with `setTier`.
const api = await startTokenApi(options);

// 503 SERVICE_UNAVAILABLE is the one answer the API cannot be made to give cheaply here: it
// sends it when PostgreSQL is lost, but the harness runs PGlite inside this process (there is
// no connection to cut). A real outage would need the shared PostgreSQL, a schema per run and a
// proxy that ends the outage while the add-on is blocked in its synchronous sleep. So a gateway
// in front of the API stands in for it: while armed, the next `count` requests carrying a token
// get the contract's envelope and Retry-After; everything else passes through untouched.
const upstream = new URL(api.url);
const outage = { count: 0, retryAfterSeconds: 1 };
let requestSeq = 0;
const gateway = http.createServer((req, res) => {
  const withToken = req.headers["x-api-key"] !== undefined || req.headers.authorization !== undefined;
  if (withToken && outage.count > 0) {
    outage.count -= 1;
    req.resume();
    res.writeHead(503, { "Content-Type": "application/json", "Retry-After": String(outage.retryAfterSeconds) });
    res.end(
      JSON.stringify({
        error: {
          code: "SERVICE_UNAVAILABLE",
          message: "A dependency is unavailable; retry later.",
          requestId: `req_stand_in_${++requestSeq}`,
          details: { retryAfterMs: outage.retryAfterSeconds * 1000 },
        },
      }),
    );
    return;
  }
  const forward = http.request(
    { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(forward);
});
await new Promise((resolve) => gateway.listen(0, "127.0.0.1", resolve));
const gatewayUrl = `http://127.0.0.1:${gateway.address().port}`;

// The demo data gives each user one organization; the operator CLI manages project members only,
// so organization membership is written as the account system would.
async function joinOrganization({ organizationId, email, projectId }) {
  const [user] = await api.db.query("SELECT id FROM users WHERE email = $1", [email]);
  await api.db.query(
    `INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'member')
     ON CONFLICT (organization_id, user_id) DO NOTHING`,
    [organizationId, user.id],
  );
  await api.operator.addMember(projectId, email, "viewer");
}

async function close() {
  gateway.closeAllConnections();
  await new Promise((resolve) => gateway.close(resolve));
  await api.close();
}

process.on("message", async ({ id, op, args }) => {
  try {
    let value;
    if (op === "requestCount") value = api.requestCount(...args);
    else if (op === "armUnavailable") Object.assign(outage, { count: args[0], retryAfterSeconds: args[1] });
    else if (op === "close") value = await close();
    else if (op === "joinOrganization") value = await joinOrganization(args[0]);
    else if (op === "createToken" && args[0]?.expiresAt)
      value = await api.operator.createToken({ ...args[0], expiresAt: new Date(args[0].expiresAt) });
    else value = await api.operator[op](...args);
    process.send({ id, ok: true, value });
    if (op === "close") process.exit(0);
  } catch (error) {
    process.send({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
process.send({ ready: true, url: api.url, gatewayUrl });
