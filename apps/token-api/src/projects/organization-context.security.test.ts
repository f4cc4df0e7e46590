import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEADERS, Whoami } from "@layer/contracts";
import { addProjectMember } from "../store/memberships.js";
import { addOrganizationMember } from "../store/users.js";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

const ADDIN = "https://localhost:3000";

/** Ada works in two organizations here: Acme (owner, two projects) and Borealis (member, one project). */
describe("the Layer-Organization header", () => {
  let api: TokenApi;
  let token: string;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10, corsOrigins: [ADDIN] });
    await addOrganizationMember(api.db, "org_borealis", "usr_ada", "member");
    await addProjectMember(api.db, "prj_borealis_grid", "usr_ada", "viewer");
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Two organizations" }));
  });
  afterAll(() => api?.close());
  const get = (path: string, organization?: string, t = token) =>
    call(`${api.url}${path}`, {
      token: t,
      headers: organization === undefined ? {} : { [HEADERS.organization]: organization },
    });
  const ids = (r: { body: { projects: { id: string }[] } }) => r.body.projects.map((p) => p.id);

  it("reaches every organization without the header, and one with it", async () => {
    expect(ids(await get("/v1/projects"))).toEqual(["prj_acme_retail", "prj_acme_tower", "prj_borealis_grid"]);
    expect(ids(await get("/v1/projects", "org_borealis"))).toEqual(["prj_borealis_grid"]);
    expect(ids(await get("/v1/projects", "org_acme"))).toEqual(["prj_acme_retail", "prj_acme_tower"]);
    expect((await get("/v1/projects/prj_acme_tower", "org_borealis")).status).toBe(404);
    expect((await get("/v1/projects/prj_acme_tower/tables/tbl_sites/rows", "org_borealis")).status).toBe(404);
    expect((await get("/v1/projects/prj_borealis_grid/tables/tbl_meters/rows?limit=1", "org_borealis")).status).toBe(
      200,
    );
  });

  it("echoes the organization in whoami, with the projects the token reaches in it", async () => {
    const plain = Whoami.parse((await get("/v1/whoami")).body);
    expect(plain.organization).toBeNull();
    expect(plain.organizations.map((o) => o.id)).toEqual(["org_acme", "org_borealis"]);
    const narrowed = Whoami.parse((await get("/v1/whoami?include=projects", "org_borealis")).body);
    expect(narrowed.organization).toBe("org_borealis");
    expect(narrowed.token.projects).toEqual([{ id: "prj_borealis_grid", name: "Borealis Grid" }]);
  });

  it("answers 404 naming the organization for one the user is not in, or that does not exist", async () => {
    const ben = await api.operator.createToken({ email: "ben@example.com", name: "Ben" });
    for (const [organization, t] of [
      ["org_borealis", ben.token],
      ["org_nope", token],
      ["ORG_ACME", token],
    ] as const) {
      for (const path of ["/v1/projects", "/v1/whoami", "/v1/projects/prj_acme_tower"]) {
        const r = await get(path, organization, t);
        expect(r.status, `${organization} ${path}`).toBe(404);
        expect(r.body.error).toMatchObject({ code: "NOT_FOUND", details: { organization } });
      }
    }
  });

  it("answers 400 naming the header for a blank or oversized value", async () => {
    for (const value of ["   ", "x".repeat(129)]) {
      const r = await get("/v1/projects", value);
      expect(r.status).toBe(400);
      expect(r.body.error.details.issues[0].path).toBe("headers.layer-organization");
    }
  });

  it("narrows a project-limited token further, never widens it", async () => {
    const limited = await api.operator.createToken({
      email: "ada@example.com",
      name: "Tower only",
      access: "read",
      projectIds: ["prj_acme_tower"],
    });
    expect(ids(await get("/v1/projects", "org_acme", limited.token))).toEqual(["prj_acme_tower"]);
    expect(ids(await get("/v1/projects", "org_borealis", limited.token))).toEqual([]);
  });

  it("is allowed by the CORS preflight", async () => {
    const r = await call(`${api.url}/v1/projects`, {
      method: "OPTIONS",
      headers: {
        Origin: ADDIN,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-api-key,layer-organization",
      },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get("access-control-allow-headers")!.toLowerCase()).toContain("layer-organization");
  });
});
