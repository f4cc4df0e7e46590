import type { Request, Response } from "express";
import { z } from "zod";
import { type Column, Project, ProjectList, RowsPage, RowsQuery, TableList, TableSchema } from "@layer/contracts";
import { defineRoute, inputOf } from "../api-spec/route-spec.js";
import { notFound, validationFailed } from "../errors/domain-error.js";
import { NEXT_PAGE_LINK_HEADER, nextPageLink } from "./next-page-link.js";
import { getTable, listProjectsForUser, listTables, projectForUser, readRows } from "./project-store.js";
import { filteredRowsPage, rowOf } from "../rows-query/rows-page.js";
import { decodeCursor, encodeCursor } from "./rows-cursor.js";
import { authOf, type RouteKit } from "../routes/route-kit.js";
import { ORGANIZATION_NOT_FOUND, OrganizationHeaders } from "./organization-context.js";
import { reachOf } from "./token-reach.js";

const Id = z.string().min(1).max(128);
const ProjectParams = z.object({
  projectId: Id.meta({ description: "The project's id, as listed by GET /v1/projects." }),
});
const TableParams = ProjectParams.extend({
  tableId: Id.meta({ description: "The table's id, as listed by GET /v1/projects/{projectId}/tables." }),
});

const READ = { kind: "token", endpointClass: "read-light", scope: "projects:read" } as const;
const PROJECT_NOT_FOUND = {
  code: "NOT_FOUND",
  when:
    "No such project, or one out of the token's reach: its owner is not a member, the token is limited to other " +
    "projects, or the project is in another organization than Layer-Organization (existence is not revealed).",
  example: { message: "project not found" },
} as const;
const TABLE_NOT_FOUND = {
  code: "NOT_FOUND",
  when: "No such project or table, or a project out of the token's reach.",
  example: { message: "table not found" },
} as const;

export const listProjectsRoute = defineRoute({
  method: "get",
  path: "/v1/projects",
  operationId: "listProjects",
  tag: "Projects",
  summary: "The projects the token can reach",
  description:
    "Every project the token reaches: those its owner is a member of, read live (a removed member loses it on the " +
    "next request), within the token's project list and the Layer-Organization header's organization.",
  access: READ,
  request: { headers: OrganizationHeaders },
  success: {
    status: 200,
    description: "The projects.",
    body: ProjectList,
    example: {
      projects: [
        {
          id: "prj_acme_tower",
          organizationId: "org_acme",
          name: "Acme Tower",
          customerExternalId: "ACME-001",
          role: "viewer",
          createdAt: "2026-01-05T09:30:00.000Z",
        },
      ],
    },
  },
  errors: [ORGANIZATION_NOT_FOUND],
});

export const getProjectRoute = defineRoute({
  method: "get",
  path: "/v1/projects/{projectId}",
  operationId: "getProject",
  tag: "Projects",
  summary: "One project",
  description: "A project the token's owner is a member of; any other is 404, never 403.",
  access: READ,
  request: { params: ProjectParams, headers: OrganizationHeaders },
  success: {
    status: 200,
    description: "The project.",
    body: Project,
    example: {
      id: "prj_acme_tower",
      organizationId: "org_acme",
      name: "Acme Tower",
      customerExternalId: "ACME-001",
      role: "viewer",
      createdAt: "2026-01-05T09:30:00.000Z",
    },
  },
  errors: [PROJECT_NOT_FOUND, ORGANIZATION_NOT_FOUND],
});

export const listTablesRoute = defineRoute({
  method: "get",
  path: "/v1/projects/{projectId}/tables",
  operationId: "listTables",
  tag: "Projects",
  summary: "The tables of a project",
  description: "Each table with its row count.",
  access: READ,
  request: { params: ProjectParams, headers: OrganizationHeaders },
  success: {
    status: 200,
    description: "The project's tables.",
    body: TableList,
    example: { tables: [{ id: "tbl_orders", projectId: "prj_acme_tower", name: "Orders", rowCount: 250000 }] },
  },
  errors: [PROJECT_NOT_FOUND, ORGANIZATION_NOT_FOUND],
});

export const getTableRoute = defineRoute({
  method: "get",
  path: "/v1/projects/{projectId}/tables/{tableId}",
  operationId: "getTable",
  tag: "Projects",
  summary: "A table's column schema",
  description: "The table's columns with their types, and the primary key that orders its rows.",
  access: READ,
  request: { params: TableParams, headers: OrganizationHeaders },
  success: {
    status: 200,
    description: "The table and its columns.",
    body: TableSchema,
    example: {
      id: "tbl_orders",
      projectId: "prj_acme_tower",
      name: "Orders",
      rowCount: 250000,
      primaryKey: "order_id",
      columns: [
        { name: "order_id", type: "number", nullable: false },
        { name: "region", type: "string", nullable: false },
        { name: "order_date", type: "date", nullable: false },
        { name: "note", type: "string", nullable: true },
      ],
    },
  },
  errors: [TABLE_NOT_FOUND, ORGANIZATION_NOT_FOUND],
});

export const listRowsRoute = defineRoute({
  method: "get",
  path: "/v1/projects/{projectId}/tables/{tableId}/rows",
  operationId: "listRows",
  tag: "Projects",
  summary: "A page of rows",
  description:
    "Rows in primary-key order, or filtered, sorted and counted by the API (docs/filters.md). Follow `nextCursor` " +
    "until it is null; a cursor belongs to its table and its sort.",
  access: { kind: "token", endpointClass: "long-running", scope: "projects:read" },
  request: { params: TableParams, query: RowsQuery, headers: OrganizationHeaders },
  success: {
    status: 200,
    description: "One page of rows, and the cursor of the next (null on the last).",
    body: RowsPage,
    headers: { Link: NEXT_PAGE_LINK_HEADER },
    example: {
      columns: [
        { name: "order_id", type: "number", nullable: false },
        { name: "region", type: "string", nullable: true },
      ],
      rows: [{ order_id: 1, region: "North" }],
      nextCursor: null,
      totalRows: 1,
    },
  },
  errors: [TABLE_NOT_FOUND, ORGANIZATION_NOT_FOUND],
});

/**
 * Projects and their data, what the connectors pull. Access is read live on every request: a
 * token inherits its owner's project membership (docs/contract.md "Tokens") within its own project
 * list and the request's organization, and a project out of reach is 404, never 403.
 */
export function projectRoutes({ services, routes }: RouteKit): void {
  const { db } = services;

  const visibleProject = async (req: Request, res: Response, projectId: string) => {
    const project = await projectForUser(db, await reachOf(db, req, authOf(res)), projectId);
    if (!project) throw notFound("project");
    return project;
  };

  routes.add(listProjectsRoute, async (req, res) => {
    const body: ProjectList = { projects: await listProjectsForUser(db, await reachOf(db, req, authOf(res))) };
    res.json(body);
  });

  routes.add(getProjectRoute, async (req, res) => {
    res.json(await visibleProject(req, res, inputOf(getProjectRoute, res).params.projectId));
  });

  routes.add(listTablesRoute, async (req, res) => {
    const project = await visibleProject(req, res, inputOf(listTablesRoute, res).params.projectId);
    const body: TableList = { tables: await listTables(db, project.id) };
    res.json(body);
  });

  routes.add(getTableRoute, async (req, res) => {
    const { projectId, tableId } = inputOf(getTableRoute, res).params;
    const project = await visibleProject(req, res, projectId);
    const table = await getTable(db, project.id, tableId);
    if (!table) throw notFound("table");
    res.json(table);
  });

  routes.add(listRowsRoute, async (req, res) => {
    const { params, query } = inputOf(listRowsRoute, res);
    const project = await visibleProject(req, res, params.projectId);
    const table = await getTable(db, project.id, params.tableId);
    if (!table) throw notFound("table");
    const columns = selectColumns(table.columns, query.fields);
    const filtered = query.filter !== undefined || query.sort !== undefined || query.count;
    const body = filtered
      ? await filteredRowsPage(services, table, columns, query)
      : await keyOrderPage(table, columns, query);
    if (body.nextCursor !== null) res.setHeader("Link", nextPageLink(req, body.nextCursor));
    res.json(body);
  });

  /** A page of rows in primary-key order, the columns asked for, behind the key cursor. */
  async function keyOrderPage(
    table: TableSchema,
    columns: Column[],
    query: { limit: number; cursor?: string | undefined },
  ): Promise<RowsPage> {
    const after = query.cursor ? decodeCursor(query.cursor, table.id) : null;
    // One row more than asked tells whether another page exists, so the last page says null.
    const items = await readRows(db, table.id, after, query.limit + 1);
    const page = items.slice(0, query.limit);
    return {
      columns,
      rows: page.map(({ data }) => rowOf(columns, data)),
      nextCursor: items.length > query.limit ? encodeCursor(table.id, page[page.length - 1]!.key) : null,
      totalRows: table.rowCount,
    };
  }
}

function selectColumns(columns: Column[], fields: string | undefined): Column[] {
  if (fields === undefined) return columns;
  const names = [...new Set(fields.split(",").map((f) => f.trim()))];
  const byName = new Map(columns.map((c) => [c.name, c]));
  const unknown = names.filter((n) => !byName.has(n));
  if (names.length === 0 || unknown.length > 0) {
    throw validationFailed([
      {
        path: "query.fields",
        message:
          unknown.length > 0
            ? `unknown fields: ${unknown
                .slice(0, 10)
                .map((n) => JSON.stringify(n.slice(0, 64)))
                .join(", ")}`
            : "no fields named",
      },
    ]);
  }
  return names.map((n) => byName.get(n)!);
}
