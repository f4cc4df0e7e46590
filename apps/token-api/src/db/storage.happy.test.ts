import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "./migrate.js";
import { seedDemoData } from "../seed/seed.js";
import { ENGINES, openTestDatabase, type TestDatabase } from "../testing/engines.js";

describe.each(ENGINES)("storage on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedDemoData(t.db, { ordersRows: 2_500, bcryptCost: 4 });
  }, 60_000);
  afterAll(() => t?.dispose());

  it("applies each migration once", async () => {
    expect(await migrate(t.db)).toEqual([]);
    const versions = await t.db.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("seeds the demo data of DEVELOPING.md", async () => {
    const users = await t.db.query<{ email: string }>("SELECT email FROM users ORDER BY email");
    expect(users.map((u) => u.email)).toEqual(["ada@example.com", "ben@example.com", "chen@example.com"]);
    const counts = await t.db.query<{ id: string; n: number; row_count: number }>(
      "SELECT d.id, d.row_count, (SELECT count(*)::int FROM table_rows r WHERE r.table_id = d.id) AS n FROM data_tables d ORDER BY d.id",
    );
    expect(counts).toEqual([
      { id: "tbl_meters", n: 500, row_count: 500 },
      { id: "tbl_orders", n: 2_500, row_count: 2_500 },
      { id: "tbl_sites", n: 12, row_count: 12 },
      { id: "tbl_stores", n: 40, row_count: 40 },
    ]);
  });

  it("generates the same rows on every seed", async () => {
    const [first] = await t.db.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM table_rows WHERE table_id = 'tbl_orders' ORDER BY key_num LIMIT 1 OFFSET 9",
    );
    expect(first?.data).toEqual({
      order_id: 10,
      customer: "Customer 4191",
      region: "North",
      amount: 790.7,
      paid: true,
      order_date: "2024-01-11",
      updated_at: "2024-01-01T00:16:10Z",
      note: "Rush delivery",
    });
  });

  it("rolls a failed transaction back", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query("UPDATE organizations SET name = 'x'");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const names = await t.db.query<{ name: string }>("SELECT name FROM organizations ORDER BY id");
    expect(names.map((n) => n.name)).toEqual(["Acme Analytics", "Borealis Data"]);
  });
});
