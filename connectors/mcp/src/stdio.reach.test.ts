import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type StdioConnection, textOf } from "./test-support/stdio-client.js";

// What a token reaches, as the agent sees it: a token limited to one project and to reading, and
// a user in two organizations who narrows to one by setting or by tool argument.
let api: TokenApi;
const open: StdioConnection[] = [];

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: 100 });
  // Ada joins Borealis Data and its project, so she belongs to two organizations.
  const [ada] = await api.db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", ["ada@example.com"]);
  await api.db.query("INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'member')", [
    "org_borealis",
    ada!.id,
  ]);
  await api.operator.addMember("prj_borealis_grid", "ada@example.com", "viewer");
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await api?.close();
});

function projectIds(result: Awaited<ReturnType<StdioConnection["call"]>>): string[] {
  const projects = result.structuredContent?.["projects"] as Array<{ id: string }> | undefined;
  return (projects ?? []).map((p) => p.id);
}

async function server(token: string, extra: Record<string, string> = {}) {
  const connection = await connectStdio({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token, ...extra });
  open.push(connection);
  return connection;
}

describe("what a token reaches, through the stdio server", () => {
  it("shows a read-only token limited to one project, lists only it, and finds another project's tables not found", async () => {
    const { token } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Claude Desktop - Tower only",
      expires: "90d",
      access: "read",
      projectIds: ["prj_acme_tower"],
    });
    const mcp = await server(token);
    const status = await mcp.call("token_status");
    expect(status.structuredContent).toMatchObject({
      access: "read",
      scopes: ["projects:read"],
      projectIds: ["prj_acme_tower"],
      projects: [{ id: "prj_acme_tower", name: "Acme Tower" }],
    });
    expect(textOf(status)).toContain("Read-only; reaches only: Acme Tower (prj_acme_tower).");
    const projects = await mcp.call("list_projects");
    expect(projectIds(projects)).toEqual(["prj_acme_tower"]);
    const other = await mcp.call("list_tables", { projectId: "prj_acme_retail" });
    expect(other.isError).toBe(true);
    expect(textOf(other)).toMatch(/found no project "prj_acme_retail", or this token cannot see it/);
    expect(textOf(other)).not.toContain(token.slice(-43));
  });

  it("narrows to one organization by LAYER_ORGANIZATION or by list_projects' argument, and names one the user is not in", async () => {
    const { token } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Claude Desktop",
      expires: "90d",
    });
    const everywhere = await server(token);
    const status = await everywhere.call("token_status");
    expect(status.structuredContent?.["organizations"]).toEqual([
      { id: "org_acme", name: "Acme Analytics", role: "owner" },
      { id: "org_borealis", name: "Borealis Data", role: "member" },
    ]);
    expect(textOf(status)).toContain("list_projects takes one as organization");
    const ids = (r: Awaited<ReturnType<StdioConnection["call"]>>) => projectIds(r).sort();
    expect(ids(await everywhere.call("list_projects"))).toEqual([
      "prj_acme_retail",
      "prj_acme_tower",
      "prj_borealis_grid",
    ]);
    expect(ids(await everywhere.call("list_projects", { organization: "org_borealis" }))).toEqual([
      "prj_borealis_grid",
    ]);

    const acme = await server(token, { LAYER_ORGANIZATION: "org_acme" });
    expect(ids(await acme.call("list_projects"))).toEqual(["prj_acme_retail", "prj_acme_tower"]);
    expect((await acme.call("token_status")).structuredContent).toMatchObject({ organization: "org_acme" });

    const foreign = await everywhere.call("list_projects", { organization: "org_nowhere" });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/does not belong to the organization "org_nowhere"/);
  });
});
