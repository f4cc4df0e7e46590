import type { IRouter, Request, Response } from "express";
import { z } from "zod";
import { RowsQuery, type Column, type ProjectList, type RowsPage, type TableList } from "@layer/contracts";
import { notFound, validationFailed } from "../errors/domain-error.js";
import { validate } from "../http/validate.js";
import { getTable, listProjectsForUser, listTables, projectForUser, readRows } from "./project-store.js";
import { filteredRowsPage, rowOf } from "../rows-query/rows-page.js";
import { decodeCursor, encodeCursor } from "./rows-cursor.js";
import { authOf, type RouteKit } from "../routes/route-kit.js";
import { reachOf } from "./token-reach.js";

const Id = z.string().min(1).max(128);
const ProjectParams = z.object({ projectId: Id });
const TableParams = z.object({ projectId: Id, tableId: Id });

/**
 * Projects and their data, what the connectors pull. Access is read live on every request: a
 * token inherits its owner's project membership (docs/contract.md "Tokens") within its own project
 * list and the request's organization, and a project out of reach is 404, never 403.
 */
export function projectRoutes(router: IRouter, { services, protect }: RouteKit): void {
  const { db } = services;

  const visibleProject = async (req: Request, res: Response, projectId: string) => {
    const project = await projectForUser(db, await reachOf(db, req, authOf(res)), projectId);
    if (!project) throw notFound("project");
    return project;
  };

  router.get("/v1/projects", ...protect("read-light", "projects:read"), async (req, res) => {
    const body: ProjectList = { projects: await listProjectsForUser(db, await reachOf(db, req, authOf(res))) };
    res.json(body);
  });

  router.get(
    "/v1/projects/:projectId",
    ...protect("read-light", "projects:read"),
    validate({ params: ProjectParams }),
    async (req, res) => {
      res.json(await visibleProject(req, res, res.locals["params"].projectId));
    },
  );

  router.get(
    "/v1/projects/:projectId/tables",
    ...protect("read-light", "projects:read"),
    validate({ params: ProjectParams }),
    async (req, res) => {
      const project = await visibleProject(req, res, res.locals["params"].projectId);
      const body: TableList = { tables: await listTables(db, project.id) };
      res.json(body);
    },
  );

  router.get(
    "/v1/projects/:projectId/tables/:tableId",
    ...protect("read-light", "projects:read"),
    validate({ params: TableParams }),
    async (req, res) => {
      const { projectId, tableId } = res.locals["params"];
      const project = await visibleProject(req, res, projectId);
      const table = await getTable(db, project.id, tableId);
      if (!table) throw notFound("table");
      res.json(table);
    },
  );

  router.get(
    "/v1/projects/:projectId/tables/:tableId/rows",
    ...protect("long-running", "projects:read"),
    validate({ params: TableParams, query: RowsQuery }),
    async (req, res) => {
      const { projectId, tableId } = res.locals["params"];
      const query = res.locals["query"] as z.output<typeof RowsQuery>;
      const project = await visibleProject(req, res, projectId);
      const table = await getTable(db, project.id, tableId);
      if (!table) throw notFound("table");
      const columns = selectColumns(table.columns, query.fields);
      if (query.filter !== undefined || query.sort !== undefined || query.count) {
        res.json(await filteredRowsPage(services, table, columns, query));
        return;
      }
      const after = query.cursor ? decodeCursor(query.cursor, table.id) : null;
      // One row more than asked tells whether another page exists, so the last page says null.
      const items = await readRows(db, table.id, after, query.limit + 1);
      const page = items.slice(0, query.limit);
      const body: RowsPage = {
        columns,
        rows: page.map(({ data }) => rowOf(columns, data)),
        nextCursor: items.length > query.limit ? encodeCursor(table.id, page[page.length - 1]!.key) : null,
        totalRows: table.rowCount,
      };
      res.json(body);
    },
  );
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
