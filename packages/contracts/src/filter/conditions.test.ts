import { describe, expect, it } from "vitest";
import type { Column } from "../projects.js";
import { checkFilter } from "./check.js";
import { filterFromConditions } from "./conditions.js";
import { parseFilter } from "./parse.js";

const columns: Column[] = [
  { name: "region", type: "string", nullable: false },
  { name: "amount", type: "number", nullable: false },
  { name: "order date", type: "date", nullable: false },
  { name: "paid", type: "boolean", nullable: false },
  { name: "note", type: "string", nullable: true },
];

describe("filterFromConditions (the add-ins' condition builder)", () => {
  it("writes builder rows as one filter the API accepts", () => {
    const filter = filterFromConditions(
      [
        { column: "region", op: "eq", value: "O'Brien" },
        { column: "amount", op: "ge", value: "500" },
        { column: "order date", op: "lt", value: "2024-04-01" },
        { column: "paid", op: "eq", value: "TRUE" },
        { column: "note", op: "isnull" },
        { column: "region", op: "contains", value: "or" },
      ],
      columns,
    );
    expect(filter).toBe(
      `(region eq 'O''Brien') and (amount ge 500) and ("order date" lt 2024-04-01) and (paid eq true) and (note eq null) and (contains(region, 'or'))`,
    );
    expect(() => checkFilter(parseFilter(filter), columns)).not.toThrow();
    expect(filterFromConditions([{ column: "amount", op: "lt", value: 3 }], columns)).toBe("amount lt 3");
    expect(filterFromConditions([], columns)).toBe("");
  });

  it("names the condition whose value does not fit its column", () => {
    expect(() =>
      filterFromConditions(
        [
          { column: "region", op: "eq", value: "x" },
          { column: "amount", op: "gt", value: "ten" },
        ],
        columns,
      ),
    ).toThrow('condition 2: "ten" is not a number value for amount');
    expect(() => filterFromConditions([{ column: "amount", op: "contains", value: "1" }], columns)).toThrow(
      "needs a text column",
    );
    expect(() => filterFromConditions([{ column: "nope", op: "eq", value: "1" }], columns)).toThrow(
      'unknown column "nope"',
    );
  });
});
