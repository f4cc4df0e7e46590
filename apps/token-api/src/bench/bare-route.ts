import express from "express";
import { listen, type Listening } from "../listen.js";

/** Header fields Node writes itself on every response, for both sides alike. */
const NODE_HEADERS = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);

/** Whoami's answer as bytes: the body, and the header fields the API itself set. */
export interface WhoamiAnswer {
  body: Buffer;
  fields: [string, string][];
}

export async function whoamiAnswer(apiUrl: string, token: string): Promise<WhoamiAnswer> {
  const r = await fetch(`${apiUrl}/v1/whoami`, { headers: { "X-Api-Key": token } });
  if (r.status !== 200) throw new Error(`whoami answered ${r.status}`);
  return {
    body: Buffer.from(await r.arrayBuffer()),
    fields: [...r.headers].filter(([name]) => !NODE_HEADERS.has(name)),
  };
}

/**
 * The benchmarks' baseline, a bare express route returning the same bytes:
 * `/v1/whoami` answers the same header fields (request id, rate limits, token expiry, Vary,
 * content type) and the same body, as constants; `/v1/whoami-body` only the same body, to show
 * what the per-response headers cost besides. Checked to answer those very bytes before use.
 */
export async function startBareWhoami(answer: WhoamiAnswer): Promise<Listening> {
  const bare = express();
  bare.disable("x-powered-by");
  bare.set("etag", false);
  bare.get("/v1/whoami", (_req, res) => {
    for (const [name, value] of answer.fields) res.setHeader(name, value);
    res.send(answer.body);
  });
  bare.get("/v1/whoami-body", (_req, res) => {
    res.type("application/json").send(answer.body);
  });
  const server = await listen(bare, 0, "127.0.0.1");
  const check = await fetch(`${server.url}/v1/whoami`);
  const same = answer.body.equals(Buffer.from(await check.arrayBuffer()));
  const fields = [...check.headers].filter(([name]) => !NODE_HEADERS.has(name));
  if (!same || JSON.stringify(fields) !== JSON.stringify(answer.fields)) {
    await server.close();
    throw new Error("the bare route does not answer the same bytes as whoami");
  }
  return server;
}
