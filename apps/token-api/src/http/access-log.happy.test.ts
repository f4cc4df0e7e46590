import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import type { AccessRecord } from "./access-log.js";
import { createLoggers } from "./logger.js";

/** The line the access logger that createLoggers builds writes for a record. */
function accessLine(record: AccessRecord): string {
  const lines: string[] = [];
  const { accessLogger } = createLoggers({ level: "info", destination: { write: (l: string) => void lines.push(l) } });
  accessLogger.info(record, "request");
  return lines[0]!;
}

describe("access-log lines", () => {
  const record: AccessRecord = {
    requestId: "req_abc1",
    method: "GET",
    path: "/v1/whoami",
    status: 200,
    durationMs: 0.4375,
    keyId: "FDSJCFHVCGJG2EZS",
  };

  it("carry the level, time, service and the record's fields, in that order", () => {
    const line = accessLine(record);
    expect(Object.keys(JSON.parse(line))).toEqual([
      "level",
      "time",
      "service",
      "requestId",
      "method",
      "path",
      "status",
      "durationMs",
      "keyId",
      "msg",
    ]);
    expect(JSON.parse(line)).toMatchObject({ level: 30, service: "token-api", ...record, msg: "request" });
    const failed = JSON.parse(accessLine({ ...record, status: 401, keyId: undefined, errorCode: "UNAUTHENTICATED" }));
    expect(failed).not.toHaveProperty("keyId");
    expect(failed).toMatchObject({ status: 401, errorCode: "UNAUTHENTICATED" });
  });

  it("escape what a client put in the path and stay one JSON line", () => {
    const path = '/v1/"quoted"\\back\nline\u0001\u2028é';
    const line = accessLine({ ...record, path });
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line).path).toBe(path);
  });

  it("cut a token that slipped into the path down to its public part", () => {
    const token = `lp_live_ABCDEFGHJKMNPQRS_${"s".repeat(40)}_x`;
    const line = accessLine({ ...record, path: `/v1/${token}` });
    expect(line).not.toContain("s".repeat(40));
    expect(JSON.parse(line).path).toBe("/v1/lp_live_ABCDEFGHJKMNPQRS_[REDACTED]");
  });

  it("write null for a duration that is not a number", () => {
    expect(JSON.parse(accessLine({ ...record, durationMs: Number.NaN })).durationMs).toBeNull();
  });
});

describe("the access log of a running API", () => {
  let api: TokenApi;
  let quiet: TokenApi;
  const lines: string[] = [];
  const quietLines: string[] = [];
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10, logDestination: { write: (l: string) => void lines.push(l) } });
    quiet = await startTokenApi({
      ordersRows: 10,
      config: { logLevel: "warn" },
      logDestination: { write: (l: string) => void quietLines.push(l) },
    });
  });
  afterAll(async () => {
    await api?.close();
    await quiet?.close();
  });

  const requestLines = (from: string[]) =>
    from.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l["msg"] === "request");

  it("writes one line per request with its id, key and outcome", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Logged",
      expires: "30d",
    });
    const ok = await fetch(`${api.url}/v1/whoami`, { headers: { "X-Api-Key": token } });
    const refused = await fetch(`${api.url}/v1/whoami?x=1`, {
      headers: { "X-Api-Key": token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"), "X-Request-Id": "mine-1" },
    });
    await ok.arrayBuffer();
    await refused.arrayBuffer();
    // 'finish' may fire just after the client has the response.
    await new Promise((r) => setTimeout(r, 50));
    const logged = requestLines(lines);
    const first = logged.find((l) => l["requestId"] === ok.headers.get("x-request-id"));
    expect(first).toMatchObject({
      level: 30,
      service: "token-api",
      method: "GET",
      path: "/v1/whoami",
      status: 200,
      keyId,
    });
    expect(typeof first!["durationMs"]).toBe("number");
    const second = logged.find((l) => l["requestId"] === "mine-1");
    expect(second).toMatchObject({ path: "/v1/whoami", status: 401, errorCode: "UNAUTHENTICATED" });
    expect(second).not.toHaveProperty("keyId");
    const all = lines.join("");
    expect(all).not.toContain(token.slice(-43));
    expect(all).not.toContain("x=1");
  });

  it("is off when the log level is above info", async () => {
    await (await fetch(`${quiet.url}/healthz`)).arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
    expect(requestLines(quietLines)).toEqual([]);
  });
});
