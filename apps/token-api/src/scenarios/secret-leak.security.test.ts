import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiOn } from "../testing/api.js";
import { dumpDatabase } from "../testing/dump.js";
import { ENGINES } from "../testing/engines.js";
import { AccountClient } from "../testing/account-client.js";
import { call, type Reply } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

/**
 * Run the whole lifecycle with logs captured, then search logs, responses and a database
 * dump for the secret. Only the create (and rotate) responses may hold it.
 */
describe.each(ENGINES)("a token's secret never leaks, on %s", (engine) => {
  let api: TokenApi;
  const logs: string[] = [];
  beforeAll(async () => {
    api = await startApiOn(engine, {
      ordersRows: 50,
      logDestination: { write: (line: string) => void logs.push(line) },
    });
  });
  afterAll(() => api?.close());

  it("keeps it out of logs, other responses and the database", async () => {
    const created = await api.operator.createToken({ email: "ada@example.com", name: "Leak test", expires: "30d" });
    const secrets = [created.token];
    const replies: Reply[] = [];
    const send = async (path: string, init: Parameters<typeof call>[1] = {}) => {
      const r = await call(`${api.url}${path}`, init);
      replies.push(r);
      return r;
    };
    const t = created.token;
    await send("/v1/whoami", { token: t });
    await send("/v1/whoami", { headers: { Authorization: `Bearer ${t}` } });
    await send("/v1/projects", { token: t });
    await send("/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=5", { token: t });
    await send(`/v1/whoami?api_key=${t}`);
    await send("/v1/whoami", { token: `${t}x` });
    await send("/v1/whoami", { token: `${t.slice(0, -3)}abc` });
    await send("/v1/whoami", { headers: { "X-Api-Key": `"${t}"` } });
    await send("/v1/tokens/self/rotate", {
      method: "POST",
      token: t,
      headers: { "Content-Type": "application/json" },
      body: `{"graceSeconds": 60, "echo": "${t}"}`,
    });
    await send(`/v1/no-such-route/${t}`, { token: t });

    const rotated = await call(`${api.url}/v1/tokens/self/rotate`, {
      method: "POST",
      token: t,
      json: { graceSeconds: 60 },
    });
    expect(rotated.status).toBe(201);
    const successor = rotated.body.token.token as string;
    secrets.push(successor);
    await send("/v1/whoami", { token: successor });
    await api.operator.revokeToken(rotated.body.token.keyId);
    await send("/v1/whoami", { token: successor });

    // Regenerate on the account page: the old secret answers 401 rotated, naming only key ids and names.
    const page = new AccountClient(api.url);
    await page.signIn("ada@example.com");
    const made = await page.createToken("Leak test - page", "30d");
    secrets.push(made.body.token);
    const regenerated = await page.request("POST", `/v1/tokens/${made.body.keyId}/regenerate`, {
      json: { overlap: "none" },
    });
    expect(regenerated.status).toBe(201);
    secrets.push(regenerated.body.token.token);
    replies.push(await page.request("GET", "/v1/tokens"));
    replies.push(await page.request("GET", "/v1/tokens?history=true"));
    const rotatedOld = await send("/v1/whoami", { token: made.body.token });
    expect(rotatedOld.body.error.details.reason).toBe("rotated");
    await send("/v1/whoami", { token: regenerated.body.token.token });
    await api.services.usage.flush();

    const dump = await dumpDatabase(api.db);
    expect(dump).toContain(created.keyId);
    expect(logs.length).toBeGreaterThan(10);
    const haystacks = {
      logs: logs.join("\n"),
      responses: replies.map((r) => `${[...r.headers].join(" ")} ${r.text}`).join("\n"),
      database: dump,
    };
    for (const secret of secrets) {
      const secretPart = secret.slice(-43);
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(secretPart), `secret found in ${where}`).toBe(false);
      }
    }
    expect(haystacks.logs).toContain(created.keyId);
  });
});
