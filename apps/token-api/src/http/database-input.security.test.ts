import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountClient } from "../testing/account-client.js";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call, type Reply } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

/** Every log line the API writes, to prove no SQL parameter reaches them. */
class LogLines extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(chunk.toString("utf8"));
    done();
  }
}

const NUL = "%00";
const expectRefused = (r: Reply) => {
  expect(r.status, r.text).toBe(400);
  expect(r.body.error.code).toBe("VALIDATION_FAILED");
  expect(r.body.error.requestId).toMatch(/^req_/);
};

describe.each(ENGINES)("text the database cannot hold, on %s", (engine) => {
  let api: TokenApi;
  let token: string;
  const logs = new LogLines();
  const account = () => new AccountClient(api.url);
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 50, logDestination: logs });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Hygiene" }));
  });
  afterAll(() => api?.close());

  it("answers 400 VALIDATION_FAILED for a NUL in any path id, cursor or field list", async () => {
    const paths = [
      `/v1/projects/${NUL}`,
      `/v1/projects/prj_acme_tower/tables/${NUL}`,
      `/v1/projects/${NUL}/tables/tbl_orders/rows`,
      `/v1/projects/prj_acme_tower/tables/tbl_orders/rows?cursor=${NUL}`,
      `/v1/projects/prj_acme_tower/tables/tbl_orders/rows?fields=id${NUL}`,
    ];
    for (const path of paths) expectRefused(await call(`${api.url}${path}`, { token }));
  });

  it("answers 400 for such text in a sign-in email, a token name and a token search", async () => {
    expectRefused(
      await call(`${api.url}/v1/session`, { method: "POST", json: { email: "ada\u0000@example.com", password: "x" } }),
    );
    expectRefused(
      await call(`${api.url}/v1/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"email":"\\ud800@example.com","password":"x"}',
      }),
    );
    const client = account();
    expect((await client.signIn("ada@example.com")).status).toBe(201);
    expectRefused(
      await client.request("POST", "/v1/tokens", {
        body: '{"name":"\\ud800","expiresIn":"90d"}',
        headers: { "Content-Type": "application/json" },
      }),
    );
    expectRefused(await client.request("GET", `/v1/tokens?name=${NUL}`));
    expectRefused(await client.request("PATCH", `/v1/tokens/${NUL}`, { json: { name: "x" } }));
    expectRefused(await client.request("DELETE", `/v1/tokens/a${NUL}`));
  });

  it("maps the database's own refusals of input to 400, and logs no SQL parameter", async () => {
    const { db } = api.services;
    await expect(db.query("SELECT $1::int AS n", ["not a number"])).rejects.toMatchObject({
      name: "DatabaseInputError",
      code: "22P02",
    });
    await expect(db.query("SELECT $1::text AS t", ["a\u0000b"])).rejects.toMatchObject({ name: "DatabaseInputError" });
    await expect(db.query("SELECT $1::text AS t", [["\ud800"]])).rejects.toMatchObject({ name: "DatabaseInputError" });
    const bug = await db.query("SELECT * FROM no_such_table WHERE id = $1", ["sekret-param"]).catch((e: unknown) => e);
    expect(bug).toMatchObject({ name: "DatabaseQueryError", code: "42P01" });
    expect(JSON.stringify(bug)).not.toContain("sekret-param");
    expect(Object.keys(bug as object)).not.toContain("params");
    expect(logs.lines.join("")).not.toMatch(/\\u0000|"params"|SELECT /);
  });
});
