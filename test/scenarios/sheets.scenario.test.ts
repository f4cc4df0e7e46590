/**
 * Google Sheets through a token's life: the BUILT Code.js in node:vm with only Apps Script
 * globals (the add-on's own runner), against one live token API. The API runs in a child
 * process because UrlFetchApp is synchronous and blocks this thread, as it does in Apps Script.
 * Apps Script's clock and Utilities.sleep are simulated: waits are recorded, not slept.
 */
import { startLiveApi, type LiveApi } from "@layer/google-sheets/testing/live-api";
import { loadAddon, type VmAddon } from "@layer/google-sheets/testing/vm-addon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PILOT_LIMITS, spendUntilLimited } from "../support/limits.js";

type Failure = { kind: string; message: string; retryAt: string | null; steps: string[] };
type Answer<T> = { ok: true; value: T } | { ok: false; failure: Failure };
interface Progress {
  status: string;
  rowsWritten: number;
  message: string;
  failure: Failure | null;
}

const DAY = 86_400_000;
let api: LiveApi;
const addons: VmAddon[] = [];

beforeAll(async () => {
  api = await startLiveApi({ ordersRows: 2_000, rateLimits: PILOT_LIMITS });
});

afterAll(async () => {
  await Promise.all(addons.map((a) => a.close()));
  await api?.close();
});

function ok<T>(answer: Answer<T>): T {
  if (!answer.ok) throw new Error(`expected ok, got ${answer.failure.kind}: ${answer.failure.message}`);
  return answer.value;
}

/** A spreadsheet with the add-on, connected to a new token of `email`. */
async function connected(name: string, options: { email?: string; expiresAt?: string } = {}) {
  const created = await api.createToken({
    email: options.email ?? "ada@example.com",
    name,
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : { expires: "90d" }),
  });
  const a = loadAddon({ apiUrl: api.url });
  addons.push(a);
  ok(a.call("connectToken", created.token));
  return { ...created, a };
}

/** Imports the 12 sites into a new sheet, one sidebar step at a time, until it ends. */
function importSites(a: VmAddon): Progress {
  const { id } = ok(
    a.call<Answer<{ id: string }>>("createImport", {
      projectId: "prj_acme_tower",
      projectName: "Acme Tower",
      tableId: "tbl_sites",
      tableName: "Sites",
      fields: [],
      destination: "new-sheet",
    }),
  );
  for (let step = 0; step < 10; step++) {
    const progress = ok(a.call<Answer<Progress>>("importStep", id));
    if (progress.status === "complete" || progress.failure) return progress;
  }
  throw new Error("the import neither finished nor failed in 10 steps");
}

describe("Google Sheets through a token's life", () => {
  it("warns about a token expiring in 3 days, by name, in the sidebar and at open", async () => {
    const { a } = await connected("Google Sheets - Soon", { expiresAt: new Date(Date.now() + 3 * DAY).toISOString() });
    const state = ok(a.call<Answer<{ banner: { severity: string; message: string } | null }>>("sidebarState"));
    expect(state.banner?.severity).toBe("warning");
    expect(state.banner?.message).toMatch(/Google Sheets - Soon/);
    expect(state.banner?.message).toMatch(/\b[23] days?\b/);
    a.call("onOpen", { authMode: "FULL" });
    expect(a.gas.SpreadsheetApp.spreadsheet.toasts.at(-1)).toBe(state.banner?.message);
  });

  it("on a revoked token names it and says to rotate, with no retry and nothing sent again", async () => {
    const { a, keyId } = await connected("Google Sheets - Revoked");
    await api.revokeToken(keyId);
    const before = await api.requestCount(keyId);
    const failed = importSites(a);
    expect(failed.failure?.kind).toBe("token_broken");
    expect(failed.message).toMatch(/token "Google Sheets - Revoked" was revoked on \d{4}-\d{2}-\d{2}\. Rotate it/);
    expect((await api.requestCount(keyId)) - before).toBe(1);
    const fetches = a.fetches();
    expect(importSites(a).failure?.kind).toBe("token_broken");
    expect(a.fetches()).toBe(fetches);
  });

  it("on a killed key says an administrator disabled it with no retry storm; restored, it imports again", async () => {
    const { a, keyId } = await connected("Google Sheets - Killed");
    await api.killKey(keyId);
    const before = await api.requestCount(keyId);
    const failed = importSites(a);
    expect(failed.failure?.kind).toBe("kill_switch");
    expect(failed.message).toMatch(/administrator disabled Layer token "Google Sheets - Killed"/);
    expect((await api.requestCount(keyId)) - before).toBe(1);
    expect(a.gas.Utilities.sleeps).toEqual([]);
    await api.restoreKey(keyId);
    expect(importSites(a)).toMatchObject({ status: "complete", rowsWritten: 12, failure: null });
  });

  it("when rate limited waits at least Retry-After, then stops, names the token and says when", async () => {
    const { a, keyId, token } = await connected("Google Sheets - Busy");
    ok(
      a.call<Answer<{ id: string }>>("createImport", {
        projectId: "prj_acme_tower",
        projectName: "Acme Tower",
        tableId: "tbl_sites",
        tableName: "Sites",
        fields: [],
        destination: "new-sheet",
      }),
    );
    await api.setTier(keyId, "pilot");
    const retryAfters: number[] = [];
    const fetch = a.gas.UrlFetchApp.fetch.bind(a.gas.UrlFetchApp);
    a.gas.UrlFetchApp.fetch = (url, params) => {
      const response = fetch(url, params);
      if (response.getResponseCode() === 429)
        retryAfters.push(Number((response.getAllHeaders() as Record<string, string>)["retry-after"]));
      return response;
    };
    await spendUntilLimited(api.url, token);
    const before = await api.requestCount(keyId);
    // Refresh has the 6-minute budget, so every Retry-After of the minute's window fits and the
    // add-on sleeps it. Apps Script time is simulated here while the API's window is real, so each
    // try after a sleep meets another 429, until the add-on's retry policy gives up and says when.
    a.call("refreshCurrent");
    expect(a.gas.SpreadsheetApp.spreadsheet.toasts.at(-1)).toMatch(
      /rate-limiting token "Google Sheets - Busy"\. Try again after \d{2}:\d{2} UTC/,
    );
    const sleeps = a.gas.Utilities.sleeps;
    expect(sleeps.length).toBeGreaterThanOrEqual(1);
    for (const [i, slept] of sleeps.entries()) {
      expect(slept).toBeGreaterThanOrEqual((retryAfters[i] ?? Number.NaN) * 1000);
    }
    // Each request the add-on made met a 429: one try per wait, no storm.
    expect((await api.requestCount(keyId)) - before).toBe(retryAfters.length);
    expect(retryAfters.length).toBeLessThanOrEqual(sleeps.length + 1);
  });

  it("rotates in the safe order: new token created, pasted, verified and switched, old revoked; imports never stop", async () => {
    const { a, keyId: oldKeyId } = await connected("Google Sheets - Budget");
    expect(importSites(a).status).toBe("complete");
    const next = await api.createToken({
      email: "ada@example.com",
      name: "Google Sheets - Budget (new)",
      expires: "90d",
    }); // created
    expect(importSites(a).status).toBe("complete");
    // Pasted: the add-on verifies it with whoami (same user) and switches.
    const switched = ok(
      a.call<Answer<{ status: string; previous: { name: string; keyId: string } }>>("rotateToken", next.token, false),
    );
    expect(switched).toMatchObject({
      status: "switched",
      previous: { name: "Google Sheets - Budget", keyId: oldKeyId },
    });
    expect(importSites(a).status).toBe("complete");
    await api.revokeToken(oldKeyId); // old revoked
    const oldCount = await api.requestCount(oldKeyId);
    expect(importSites(a).status).toBe("complete");
    expect(await api.requestCount(oldKeyId)).toBe(oldCount);
  });

  it("reports a project as not found after its owner is removed from it, without crashing", async () => {
    const { a } = await connected("Google Sheets - Ben", { email: "ben@example.com" });
    expect(importSites(a).status).toBe("complete");
    await api.removeMember("prj_acme_tower", "ben@example.com");
    const failed = importSites(a);
    expect(failed.failure?.kind).toBe("not_found");
    expect(failed.message).toMatch(
      /Not found with .*Google Sheets - Ben.*: the project or table is gone, its owner has no access to it/,
    );
    // The add-on still answers: the token is fine, only that project is gone.
    const projects = ok(a.call<Answer<Array<{ id: string }>>>("listProjects"));
    expect(projects.map((p) => p.id)).not.toContain("prj_acme_tower");
  });
});

interface Reach {
  access: string;
  projectIds: string[] | null;
  projects: Array<{ id: string; name: string }>;
  organizations: Array<{ id: string; name: string }>;
  organization: string | null;
}

describe("Google Sheets and what a token reaches", () => {
  it("a read-only token limited to one project shows only it in the sidebar; another project's rows are not found", async () => {
    const created = await api.createToken({
      email: "ada@example.com",
      name: "Google Sheets - Tower only",
      expires: "90d",
      access: "read",
      projectIds: ["prj_acme_tower"],
    });
    const a = loadAddon({ apiUrl: api.url });
    addons.push(a);
    ok(a.call("connectToken", created.token));
    const reach = ok(a.call<Answer<Reach>>("tokenReach"));
    expect(reach).toMatchObject({
      access: "read",
      projectIds: ["prj_acme_tower"],
      projects: [{ id: "prj_acme_tower", name: "Acme Tower" }],
    });
    expect(ok(a.call<Answer<Array<{ id: string }>>>("listProjects")).map((p) => p.id)).toEqual(["prj_acme_tower"]);
    const tables = a.call<Answer<unknown>>("listTables", "prj_acme_retail");
    expect(tables.ok).toBe(false);
    // A formula or an import that names the other project reads no row of it.
    const { id } = ok(
      a.call<Answer<{ id: string }>>("createImport", {
        projectId: "prj_acme_retail",
        projectName: "Acme Retail",
        tableId: "tbl_stores",
        tableName: "Stores",
        fields: [],
        destination: "new-sheet",
      }),
    );
    const progress = ok(a.call<Answer<Progress>>("importStep", id));
    expect(progress.failure?.kind).toBe("not_found");
    expect(progress.failure?.message).toMatch(/limited to other projects/);
    expect(progress.rowsWritten).toBe(0);
  });

  it("shows the organization picker only to a user in several, narrows the pickers to the one chosen, and remembers it", async () => {
    const single = await connected("Google Sheets - One organization");
    expect(ok(single.a.call<Answer<Reach>>("tokenReach")).organizations).toHaveLength(1);

    await api.joinOrganization({ organizationId: "org_acme", email: "chen@example.com", projectId: "prj_acme_retail" });
    const { a, token } = await connected("Google Sheets - Chen", { email: "chen@example.com" });
    const reach = ok(a.call<Answer<Reach>>("tokenReach"));
    expect(reach.organizations.map((o) => o.id)).toEqual(["org_acme", "org_borealis"]);
    expect(reach.organization).toBeNull();
    const listed = () =>
      ok(a.call<Answer<Array<{ id: string }>>>("listProjects"))
        .map((p) => p.id)
        .sort();
    expect(listed()).toEqual(["prj_acme_retail", "prj_borealis_grid"]);

    const narrowed = ok(a.call<Answer<Reach>>("chooseOrganization", "org_borealis"));
    expect(narrowed).toMatchObject({ organization: "org_borealis", projects: [{ id: "prj_borealis_grid" }] });
    expect(listed()).toEqual(["prj_borealis_grid"]);
    // Remembered with the token, in the user's own properties: a new execution lists the same.
    expect(ok(a.call<Answer<Reach>>("tokenReach")).organization).toBe("org_borealis");
    // Nothing of it, nor the token, lands in the spreadsheet every editor reads.
    const documentText = a.gas.SpreadsheetApp.spreadsheet.metadata.map((m) => m.getValue() ?? "").join("\n");
    expect(documentText).not.toContain(token.slice(-43));

    // One the user is not in is refused by Layer and never kept.
    const foreign = a.call<Answer<Reach>>("chooseOrganization", "org_nowhere");
    expect(foreign.ok).toBe(false);
    expect(!foreign.ok && foreign.failure.message).toMatch(/do not belong to the Layer organization "org_nowhere"/);
    expect(ok(a.call<Answer<Reach>>("tokenReach")).organization).toBe("org_borealis");

    ok(a.call<Answer<Reach>>("chooseOrganization", ""));
    expect(listed()).toEqual(["prj_acme_retail", "prj_borealis_grid"]);
  });
});
