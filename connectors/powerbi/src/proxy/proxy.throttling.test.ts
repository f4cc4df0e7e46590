// 429 and 503 answers, and a failure in the middle of a streamed page, against a small fake
// upstream that speaks the contract: the harness's limiter counts per minute, too coarse to script
// a short wait, a long wait and a recovery in one test.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { basicAuth, getJson } from "../test-support/feed-reader.js";
import { startProxy, type RunningProxy } from "./server-control.js";

const TOKEN = `lp_test_0123456789ABCDEF_${"x".repeat(43)}`;

type Script = (path: string) => { status: number; headers?: Record<string, string>; body: unknown } | "hang-up";

let upstream: Server;
let upstreamUrl: string;
let script: Script;
let requests: string[] = [];
let proxy: RunningProxy;

const rows = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, label: `row ${i + 1}` }));

function contract(path: string) {
  const url = new URL(path, "http://upstream.invalid");
  if (url.pathname === "/v1/projects") {
    return {
      status: 200,
      body: {
        projects: [
          {
            id: "prj_a",
            organizationId: "org_a",
            name: "A",
            customerExternalId: null,
            role: "admin",
            createdAt: "2026-01-01T00:00:00Z",
          },
        ],
      },
    };
  }
  if (url.pathname === "/v1/projects/prj_a/tables")
    return { status: 200, body: { tables: [{ id: "tbl_t", projectId: "prj_a", name: "t", rowCount: rows.length }] } };
  if (url.pathname === "/v1/projects/prj_a/tables/tbl_t") {
    return {
      status: 200,
      body: {
        id: "tbl_t",
        projectId: "prj_a",
        name: "t",
        rowCount: rows.length,
        primaryKey: "id",
        columns: [
          { name: "id", type: "number", nullable: false },
          { name: "label", type: "string", nullable: false },
        ],
      },
    };
  }
  if (url.pathname === "/v1/projects/prj_a/tables/tbl_t/rows") {
    const start = Number(url.searchParams.get("cursor") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 1000);
    const end = Math.min(rows.length, start + limit);
    return {
      status: 200,
      body: {
        columns: [],
        rows: rows.slice(start, end),
        nextCursor: end < rows.length ? String(end) : null,
        totalRows: rows.length,
      },
    };
  }
  return { status: 404, body: { error: { code: "NOT_FOUND", message: "no", requestId: "req_x" } } };
}

const rateLimited = (seconds: number) => ({
  status: 429,
  headers: { "Retry-After": String(seconds) },
  body: {
    error: {
      code: "RATE_LIMITED",
      message: "slow down",
      requestId: "req_rl",
      details: { endpointClass: "read-light", retryAfterMs: seconds * 1000 },
    },
  },
});

beforeAll(async () => {
  script = contract;
  upstream = createServer((req, res) => {
    requests.push(req.url ?? "");
    const answer = script(req.url ?? "/");
    if (answer === "hang-up") {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, {
      "Content-Type": "application/json",
      "X-Request-Id": "req_upstream",
      ...answer.headers,
    });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  proxy = await startProxy({ port: 0, upstreamUrl, pageSize: 25, upstreamPageSize: 10, absorbWaitMs: 1_500 });
});

afterEach(() => {
  requests = [];
  script = contract;
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => upstream.close(resolve));
});

const collection = () => `${proxy.serviceUrl}/A_t`;

describe("429 and 503", () => {
  it("absorbs a short Retry-After itself", async () => {
    let throttled = 0;
    script = (path) => (path.includes("/rows") && throttled++ === 0 ? rateLimited(1) : contract(path));
    const page = await getJson(collection(), basicAuth(TOKEN));
    expect(page.status).toBe(200);
    expect((page.body["value"] as unknown[]).length).toBe(25);
    expect(throttled).toBeGreaterThan(1);
  });

  it("hands a long wait to Power BI as 429 with Retry-After in delta-seconds, clamped to 120", async () => {
    script = (path) => (path.includes("/rows") ? rateLimited(600) : contract(path));
    const page = await getJson(collection(), basicAuth(TOKEN));
    expect(page.status).toBe(429);
    expect(page.headers.get("retry-after")).toBe("120");
    expect((page.body["error"] as { code: string }).code).toBe("RATE_LIMITED");
    // Asked once, not retried. (A first page's request has no cursor: the previous test's page
    // may still be reading its nextLink's rows ahead, with a cursor.)
    expect(requests.filter((path) => path.includes("/rows") && !path.includes("cursor=")).length).toBe(1);

    script = (path) => (path.includes("/rows") ? rateLimited(30) : contract(path));
    const shorter = await getJson(collection(), basicAuth(TOKEN));
    expect(shorter.headers.get("retry-after")).toBe("30");
  });

  it("passes 503 SERVICE_UNAVAILABLE on with its Retry-After, and KILL_SWITCH without one", async () => {
    script = (path) =>
      path.includes("/rows")
        ? {
            status: 503,
            headers: { "Retry-After": "45" },
            body: { error: { code: "SERVICE_UNAVAILABLE", message: "db down", requestId: "req_su" } },
          }
        : contract(path);
    const unavailable = await getJson(collection(), basicAuth(TOKEN));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("45");
    requests = [];

    script = (path) =>
      path.includes("/rows")
        ? {
            status: 503,
            body: {
              error: { code: "KILL_SWITCH", message: "off", requestId: "req_ks", details: { scope: "organization" } },
            },
          }
        : contract(path);
    const killed = await getJson(collection(), basicAuth(TOKEN));
    expect(killed.status).toBe(503);
    expect((killed.body["error"] as { code: string }).code).toBe("KILL_SWITCH");
    expect(killed.headers.get("retry-after")).toBeNull();
    expect(requests.filter((path) => path.includes("/rows")).length).toBe(1);
  });
});

describe("a failure mid-stream", () => {
  it("cuts the response short instead of ending it as if complete", async () => {
    // Upstream pages of 10 rows, responses of 25: the third upstream page is read after the
    // response has started, and that read fails.
    script = (path) => (path.includes("cursor=20") ? "hang-up" : contract(path));
    const failed = await fetch(collection(), { headers: basicAuth(TOKEN) })
      .then(
        async (res) => {
          const text = await res.text();
          JSON.parse(text);
          return false;
        },
        () => true,
      )
      .catch(() => true);
    expect(failed).toBe(true);
  });

  it("streams pages that resume mid-upstream-page from the $skiptoken", async () => {
    const seen: number[] = [];
    let next: string | undefined = collection();
    while (next) {
      const page = await getJson(next, basicAuth(TOKEN));
      seen.push(...(page.body["value"] as { id: number }[]).map((row) => row.id));
      next = page.body["@odata.nextLink"] as string | undefined;
    }
    expect(seen).toEqual(rows.map((row) => row.id));
  });
});
