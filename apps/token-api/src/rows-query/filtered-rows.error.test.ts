import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorEnvelope, FILTER_LIMITS, RowsPage } from "@layer/contracts";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

const ROWS = "/v1/projects/prj_acme_tower/tables/tbl_orders/rows";

describe.each(ENGINES)("refused filters, sorts and cursors on %s", (engine) => {
  let api: TokenApi;
  let token: string;
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 300, rateLimits: { standard: { "long-running": 100_000 } } });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Folding" }));
  });
  afterAll(() => api?.close());
  const get = (query: string) => call(`${api.url}${ROWS}?${query}`, { token });
  const refused = async (query: string) => {
    const r = await get(query);
    expect(r.status, r.text).toBe(400);
    const { error } = ErrorEnvelope.parse(r.body);
    expect(error.code).toBe("VALIDATION_FAILED");
    return { message: (error.details as { issues: { path: string; message: string }[] }).issues[0]!, error };
  };
  const filter = (f: string) => refused(`filter=${encodeURIComponent(f)}`);

  it.each([
    ["region eq", "character 10: expected a column or a value, found the end of the filter"],
    ["regoin eq 'North'", 'character 1: unknown column "regoin"'],
    ["Region eq 'North'", 'did you mean "region"?'],
    ["amount eq 'ten'", "character 8: cannot compare number with string"],
    ["paid gt true", "boolean values compare only with eq and ne, not gt"],
    ["region eq 'North", "character 11: a text value has no closing quote"],
    ["amount gt 5 and", "the filter ends where a condition was expected"],
    ["amount EQ 5", 'operators are lower case: write "eq"'],
    ["amount like 5", 'unknown operator "like"'],
    ["year(customer) eq 2024", "year needs date or datetime here, not string"],
    ["substringof('a', customer)", 'unknown function "substringof"'],
    ["startswith(customer, region)", "the second argument of startswith must be a text value in quotes"],
    ["order_date eq 2024-02-30", "2024-02-30 is not a real date"],
    ["order_date eq 2024-01-01T00:00:00Z", "cannot compare date with datetime"],
    ["region in ('North', 5)", "the list holds a number value where string values are compared"],
    ["amount gt null", "null compares only with eq and ne"],
    ["customer", "a string value is not a condition"],
    ["amount gt 5 region eq 'x'", 'expected "and", "or" or the end of the filter, found "region"'],
    ["amount gt 1e999", "is out of range"],
    ["region eq 'x' ; DROP TABLE table_rows", 'unexpected character ";"'],
  ])("%s is a 400 naming the place and the problem", async (f, problem) => {
    const { message, error } = await filter(f);
    expect(message.path).toBe("query.filter");
    expect(message.message).toContain(problem);
    expect(error.details).toMatchObject({ position: expect.any(Number) });
  });

  it("refuses deep nesting, huge in lists, too many conditions and very long filters", async () => {
    const deep = `${"(".repeat(FILTER_LIMITS.maxDepth + 1)}paid${")".repeat(FILTER_LIMITS.maxDepth + 1)}`;
    expect((await filter(deep)).message.message).toContain(`nests deeper than ${FILTER_LIMITS.maxDepth} levels`);
    expect((await filter(`${"not ".repeat(40)}paid`)).message.message).toContain("nests deeper");
    const list = Array.from({ length: FILTER_LIMITS.maxInList + 1 }, (_, i) => i).join(",");
    expect((await filter(`amount in (${list})`)).message.message).toContain(
      `at most ${FILTER_LIMITS.maxInList} values`,
    );
    const many = Array.from({ length: FILTER_LIMITS.maxConditions + 1 }, (_, i) => `amount ne ${i}`).join(" or ");
    expect((await filter(many)).message.message).toContain(`more than ${FILTER_LIMITS.maxConditions} conditions`);
    const long = await get(`filter=${encodeURIComponent(`customer eq '${"x".repeat(4_100)}'`)}`);
    expect(long.status).toBe(400);
    // At the limits themselves, the filter runs.
    const fine = Array.from({ length: FILTER_LIMITS.maxInList }, (_, i) => i + 1).join(",");
    expect((await get(`filter=${encodeURIComponent(`order_id in (${fine})`)}&count=true`)).body.count).toBe(200);
  });

  it.each([
    ["amount sideways", "character 8"],
    ["amount,", 'a column name was expected after ","'],
    ["nope desc", 'unknown column "nope"'],
    ["amount, amount desc", 'the column "amount" is sorted twice'],
    [
      Array.from(
        { length: 9 },
        (_, i) => ["customer", "region", "amount", "paid", "order_date", "updated_at", "note", "order_id", "x"][i],
      ).join(","),
      "at most 8 columns",
    ],
  ])("sort %s is a 400", async (sort, problem) => {
    const { message } = await refused(`sort=${encodeURIComponent(sort)}`);
    expect(message.path).toBe("query.sort");
    expect(message.message).toContain(problem);
  });

  it("refuses a cursor made for another sort, a mangled one, and a count flag that is not true or false", async () => {
    const first = RowsPage.parse((await get("limit=5&sort=amount%20desc")).body);
    expect((await refused(`limit=5&sort=customer&cursor=${first.nextCursor}`)).message.message).toContain(
      "another sort",
    );
    const mangled = Buffer.from(JSON.stringify(["s1", "tbl_orders", "amount desc", ["1; DROP"], "1", ""])).toString(
      "base64url",
    );
    expect((await refused(`sort=amount%20desc&cursor=${mangled}`)).message.path).toBe("query.cursor");
    expect((await refused("count=yes")).message.path).toBe("query.count");
  });
});

describe("a slow read on PostgreSQL", () => {
  let api: TokenApi;
  let token: string;
  beforeAll(async () => {
    api = await startApiOn("postgres", {
      ordersRows: 60_000,
      config: { rowsStatementTimeoutMs: 1 },
      rateLimits: { standard: { "long-running": 100_000 } },
    });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Folding" }));
  });
  afterAll(() => api?.close());

  it("is stopped by the statement timeout and answered 400 with what to do, and the next read works", async () => {
    const slow = encodeURIComponent("contains(tolower(customer), 'zz') or length(note) gt 40");
    const r = await call(`${api.url}${ROWS}?count=true&sort=note%20desc&filter=${slow}`, { token });
    expect(r.status, r.text).toBe(400);
    const { error } = ErrorEnvelope.parse(r.body);
    expect(error.details).toMatchObject({ reason: "statement_timeout", issues: [{ path: "query.filter" }] });
    expect(error.message).toBe("the filter took too long to run");
    expect((await call(`${api.url}${ROWS}?limit=2`, { token })).status).toBe(200);
  });
});
