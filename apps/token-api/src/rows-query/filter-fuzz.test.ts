import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Column,
  checkFilter,
  compareRows,
  evaluateFilter,
  FilterError,
  parseFilter,
  parseSort,
  type Row,
  RowsPage,
} from "@layer/contracts";
import { indexTableColumns } from "../store/column-indexes.js";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

/**
 * Thousands of generated filters against the API: every one the local parser accepts must return
 * exactly the rows `evaluateFilter` selects, every one it refuses must be a 400 at the same
 * character, and nothing may be a 500.
 */
const col = (name: string, type: Column["type"], nullable = true): Column => ({ name, type, nullable });
const COLUMNS: Column[] = [
  col("id", "number", false),
  col("s", "string"),
  col("t", "string", false),
  col("n", "number"),
  col("b", "boolean"),
  col("d", "date"),
  col("dt", "datetime"),
];
const TEXTS = [
  "alpha",
  "Alpha",
  "ALPHA",
  "beta",
  "O'Brien",
  "50%_off",
  "back\\slash",
  "café",
  "",
  "  spaced",
  "zeta",
  "Ünïcode",
  "al",
];
const NUMBERS = [-5, 0, 0.5, 1, 2.25, 10, 500, 1000, -0.001, 42];
const DATES = ["2023-12-31", "2024-01-01", "2024-02-29", "2024-07-15", "2025-01-01"];
const DATETIMES = [
  "2024-01-01T00:00:00Z",
  "2024-01-01T23:59:59.500Z",
  "2024-02-29T12:30:00Z",
  "2024-07-15T06:00:00.125Z",
  "2023-12-31T22:00:00Z",
];

function fuzzRows(): Row[] {
  const rows: Row[] = [];
  for (let i = 1; i <= 240; i++) {
    const pick = <T>(xs: T[], k: number): T | null => (i % 7 === k ? null : xs[(i * 31 + k * 17) % xs.length]!);
    rows.push({
      id: i,
      s: pick(TEXTS, 1),
      t: TEXTS[(i * 13) % TEXTS.length]!,
      n: pick(NUMBERS, 2),
      b: i % 5 === 0 ? null : i % 2 === 0,
      d: pick(DATES, 3),
      dt: pick(DATETIMES, 4),
    });
  }
  return rows;
}

type T = Column["type"];
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
const textLit = fc
  .oneof(
    fc.constantFrom(...TEXTS),
    fc.string({ unit: fc.constantFrom("a", "A", "l", "%", "_", "'", "\\", "é", " "), maxLength: 4 }),
  )
  .map(quote);
const numberLit = fc.oneof(
  fc.constantFrom(...NUMBERS).map(String),
  fc.integer({ min: -20, max: 2030 }).map(String),
  fc.constantFrom("5.0E2", "1e3", "2.250", "-5.0", "0.5e0", "1E-3"),
);
const literal: Record<T, fc.Arbitrary<string>> = {
  string: textLit,
  number: numberLit,
  boolean: fc.constantFrom("true", "false"),
  date: fc.constantFrom(...DATES, "2024-01-02"),
  datetime: fc.constantFrom(
    ...DATETIMES,
    "2024-01-01T01:00:00+01:00",
    "2024-02-29T12:30Z",
    "2024-07-15T06:00:00.125-02:00",
  ),
};
const column = (type: T) => {
  const names = COLUMNS.filter((c) => c.type === type).map((c) => c.name);
  return fc.constantFrom(...names, ...names.map((n) => `"${n}"`));
};

function value(type: T, depth: number): fc.Arbitrary<string> {
  const base = fc.oneof({ weight: 3, arbitrary: column(type) }, { weight: 2, arbitrary: literal[type] });
  if (depth <= 0) return base;
  const d = depth - 1;
  const extra: fc.Arbitrary<string>[] = [];
  if (type === "string")
    extra.push(fc.tuple(fc.constantFrom("tolower", "toupper"), value("string", d)).map(([f, v]) => `${f}(${v})`));
  if (type === "number") {
    extra.push(value("string", d).map((v) => `length(${v})`));
    extra.push(
      fc
        .tuple(fc.constantFrom("year", "month", "day"), fc.oneof(value("date", d), value("datetime", d)))
        .map(([f, v]) => `${f}(${v})`),
    );
    extra.push(
      fc.tuple(fc.constantFrom("hour", "minute", "second"), value("datetime", d)).map(([f, v]) => `${f}(${v})`),
    );
  }
  if (type === "date") extra.push(fc.oneof(value("datetime", d), value("date", d)).map((v) => `date(${v})`));
  if (type === "boolean")
    extra.push(
      fc
        .tuple(fc.constantFrom("startswith", "endswith", "contains"), value("string", d), textLit)
        .map(([f, v, l]) => `${f}(${v}, ${l})`),
    );
  return fc.oneof(base, ...extra);
}

const TYPES: T[] = ["string", "number", "boolean", "date", "datetime"];
const condition: fc.Arbitrary<string> = fc.constantFrom(...TYPES).chain((type) => {
  const ops = type === "boolean" ? ["eq", "ne"] : ["eq", "ne", "gt", "ge", "lt", "le"];
  return fc.oneof(
    fc.tuple(value(type, 2), fc.constantFrom(...ops), value(type, 2)).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(value(type, 1), fc.constantFrom("eq", "ne")).map(([a, op]) => `${a} ${op} null`),
    fc
      .tuple(
        value(type, 1),
        fc.array(fc.oneof({ weight: 5, arbitrary: literal[type] }, { weight: 1, arbitrary: fc.constant("null") }), {
          minLength: 1,
          maxLength: 5,
        }),
      )
      .map(([a, list]) => `${a} in (${list.join(", ")})`),
    ...(type === "boolean" ? [value("boolean", 2)] : []),
  );
});
const { filter: validFilter } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: condition },
    fc.tuple(tie("filter"), fc.constantFrom("and", "or"), tie("filter")).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie("filter").map((f) => `not (${f})`),
    tie("filter").map((f) => `(${f})`),
  ),
}));
/** A valid filter broken in one place: cut, inserted junk, or a misspelt name. */
const brokenFilter = fc
  .tuple(
    validFilter,
    fc.nat(),
    fc.nat(),
    fc.constantFrom(
      "(",
      ")",
      "'",
      '"',
      "eq",
      ",",
      "and",
      "nope",
      "1e",
      "2024-13-01",
      ";",
      "not",
      "in (",
      "year(",
      "9e999",
      "",
    ),
  )
  .map(([f, a, b, junk]) => {
    const i = a % (f.length + 1);
    const j = Math.min(f.length, i + (b % 4));
    return `${f.slice(0, i)}${junk}${f.slice(j)}`;
  });

describe.each(ENGINES)("generated filters on %s", (engine) => {
  let api: TokenApi;
  let token: string;
  const rows = fuzzRows();
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 10, rateLimits: { standard: { "long-running": 1_000_000 } } });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Fuzz" }));
    await api.db.query(
      "INSERT INTO data_tables (id, project_id, name, primary_key, columns, row_count) VALUES ('tbl_fuzz', 'prj_acme_tower', 'Fuzz', 'id', $1::jsonb, $2)",
      [JSON.stringify(COLUMNS), rows.length],
    );
    for (const row of rows)
      await api.db.query("INSERT INTO table_rows (table_id, key_num, data) VALUES ('tbl_fuzz', $1, $2::jsonb)", [
        row["id"],
        JSON.stringify(row),
      ]);
    await indexTableColumns(api.db, { id: "tbl_fuzz", primaryKey: "id", columns: COLUMNS });
  });
  afterAll(() => api?.close());
  const get = (query: string) => call(`${api.url}/v1/projects/prj_acme_tower/tables/tbl_fuzz/rows?${query}`, { token });
  let valid = 0;
  let invalid = 0;

  it("answers 1,200 generated filters exactly as the local evaluation does, never with a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: validFilter }, { weight: 1, arbitrary: brokenFilter }),
        async (filter) => {
          let local: ReturnType<typeof checkFilter> | FilterError;
          try {
            local = checkFilter(parseFilter(filter), COLUMNS);
          } catch (error) {
            if (!(error instanceof FilterError)) throw error;
            local = error;
          }
          const r = await get(`limit=10000&fields=id&count=true&filter=${encodeURIComponent(filter)}`);
          if (local instanceof FilterError) {
            invalid++;
            expect(r.status, r.text).toBe(400);
            expect(r.body.error.details.position).toBe(local.at);
            return;
          }
          valid++;
          expect(r.status, `${filter}: ${r.text}`).toBe(200);
          const want = rows.filter((row) => evaluateFilter(local, row)).map((row) => ({ id: row["id"] }));
          const page = RowsPage.parse(r.body);
          expect(page.rows, filter).toEqual(want);
          expect(page.count).toBe(want.length);
        },
      ),
      { numRuns: 1_200, seed: 18 },
    );
    expect(valid + invalid).toBe(1_200);
    expect(valid).toBeGreaterThan(700);
    expect(invalid).toBeGreaterThan(150);
    // 1,200 requests: minutes on a shared machine, not the minute the suite allows one test.
  }, 600_000);

  it("pages generated sorts of generated filters in exactly the local order", async () => {
    const sortKey = fc.tuple(fc.constantFrom(...COLUMNS.map((c) => c.name)), fc.constantFrom("", " asc", " desc"));
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(sortKey, { minLength: 1, maxLength: 3, selector: ([n]) => n }),
        fc.option(validFilter, { nil: undefined }),
        async (keys, filter) => {
          const sort = keys.map(([n, d]) => `${n}${d}`).join(", ");
          const typed = filter === undefined ? undefined : checkFilter(parseFilter(filter), COLUMNS);
          const sortKeys = parseSort(sort, COLUMNS);
          const pk = sortKeys.findIndex((k) => k.column.name === "id");
          const used = pk < 0 ? sortKeys : sortKeys.slice(0, pk + 1);
          const tieDesc = pk < 0 ? sortKeys[0]!.descending : sortKeys[pk]!.descending;
          const want = rows
            .filter((row) => !typed || evaluateFilter(typed, row))
            .sort((a, b) => compareRows(used, a, b) || ((a["id"] as number) - (b["id"] as number)) * (tieDesc ? -1 : 1))
            .map((row) => row["id"]);
          const got: unknown[] = [];
          let cursor: string | null = null;
          do {
            const r = await get(
              `limit=37&fields=id&sort=${encodeURIComponent(sort)}${filter ? `&filter=${encodeURIComponent(filter)}` : ""}${cursor ? `&cursor=${cursor}` : ""}`,
            );
            expect(r.status, r.text).toBe(200);
            const page: RowsPage = RowsPage.parse(r.body);
            got.push(...page.rows.map((row) => row["id"]));
            cursor = page.nextCursor;
          } while (cursor);
          expect(got, `${sort} / ${filter}`).toEqual(want);
        },
      ),
      { numRuns: 80, seed: 18 },
    );
  }, 600_000);
});
