import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "./client.js";
import { createSyncClient } from "./sync-client.js";
import { FakeUrlFetchApp } from "./test-support/fake-url-fetch-app.js";
import { makeToken } from "./test-support/tokens.js";

const BASE = "https://layer.test";
const { token } = makeToken(44);
const server = setupServer();
const seen: Request[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const projects = { projects: [] };

function syncClient(organization?: string | null) {
  const transport = new FakeUrlFetchApp([{ status: 200, body: projects }]);
  const client = createSyncClient({
    baseUrl: BASE,
    token,
    transport,
    sleep: () => undefined,
    ...(organization !== undefined ? { organization } : {}),
  });
  return { client, transport };
}

describe("the organization a client works in", () => {
  it("is sent as Layer-Organization on every request of the async client", async () => {
    server.use(
      http.get(`${BASE}/v1/projects`, ({ request }) => {
        seen.push(request);
        return HttpResponse.json(projects);
      }),
    );
    await createClient({ baseUrl: BASE, token, organization: " org_acme " }).listProjects();
    await createClient({ baseUrl: BASE, token }).listProjects();
    await createClient({ baseUrl: BASE, token, organization: null }).listProjects();
    expect(seen.map((r) => r.headers.get("layer-organization"))).toEqual(["org_acme", null, null]);
  });

  it("is sent as Layer-Organization by the Apps Script client too", () => {
    const narrowed = syncClient("org_borealis");
    narrowed.client.listProjects();
    expect(narrowed.transport.calls[0]?.params.headers["Layer-Organization"]).toBe("org_borealis");
    const everywhere = syncClient(null);
    everywhere.client.listProjects();
    expect(Object.keys(everywhere.transport.calls[0]?.params.headers ?? {})).not.toContain("Layer-Organization");
  });

  it("refuses an id that cannot be a header value, at creation, before anything is sent", () => {
    for (const bad of ["", "  ", "org acme", "org\nacme", "örg", 42, "x".repeat(201)]) {
      expect(() => createClient({ baseUrl: BASE, token, organization: bad as string })).toThrow(
        /organization must be an organization id/,
      );
      expect(() => syncClient(bad as string)).toThrow(/organization must be an organization id/);
    }
  });
});
