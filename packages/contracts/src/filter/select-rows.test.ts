import { describe, expect, it } from "vitest";
import type { Column, Row } from "../projects.js";
import { selectRows } from "./evaluate.js";

const columns: Column[] = [
  { name: "id", type: "number", nullable: false },
  { name: "region", type: "string", nullable: false },
  { name: "note", type: "string", nullable: true },
];
const table = { columns, primaryKey: "id" };
const rows: Row[] = [
  { id: 3, region: "North", note: null },
  { id: 1, region: "South", note: "a" },
  { id: 2, region: "North", note: "b" },
  { id: 4, region: "South", note: null },
];
const ids = (selected: Row[]) => selected.map((r) => r["id"]);

describe("selectRows, the rows a filter and sort select in the API's order", () => {
  it("keeps key order without a sort", () => {
    expect(ids(selectRows(rows, table, {}))).toEqual([1, 2, 3, 4]);
    expect(ids(selectRows(rows, table, { filter: "region eq 'North'" }))).toEqual([2, 3]);
  });

  it("breaks ties by the key in the first sort column's direction", () => {
    expect(ids(selectRows(rows, table, { sort: "region" }))).toEqual([2, 3, 1, 4]);
    expect(ids(selectRows(rows, table, { sort: "region desc" }))).toEqual([4, 1, 3, 2]);
  });

  it("puts nulls first ascending and last descending", () => {
    expect(ids(selectRows(rows, table, { sort: "note" }))).toEqual([3, 4, 1, 2]);
    expect(ids(selectRows(rows, table, { sort: "note desc", filter: "id ne 2" }))).toEqual([1, 4, 3]);
  });
});
