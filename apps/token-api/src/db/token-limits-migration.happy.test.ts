import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_SCOPES } from "@layer/contracts";
import { openDatabase, type Database } from "./database.js";
import { MIGRATIONS, migrate, splitStatements } from "./migrate.js";
import { dropSchema, ENGINES, TEST_POSTGRES_URL } from "../testing/engines.js";
import { randomBytes } from "node:crypto";

/** A database as it was before token limits: migrations 1 and 2 only, with tokens in it. */
async function databaseBeforeLimits(engine: (typeof ENGINES)[number]): Promise<{ db: Database; schema?: string }> {
  const schema = engine === "postgres" ? `t_${randomBytes(6).toString("hex")}` : undefined;
  const db =
    engine === "pglite"
      ? await openDatabase({ dataDir: "memory" })
      : await openDatabase({ databaseUrl: TEST_POSTGRES_URL, schema });
  await db.exec(`CREATE TABLE schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  for (const m of MIGRATIONS.filter((m) => m.version <= 2)) {
    for (const statement of splitStatements(m.sql)) await db.query(statement);
    await db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
  }
  await db.query("INSERT INTO users (id, email, name) VALUES ('usr_old', 'old@example.com', 'Old Timer')");
  const token = (keyId: string, revoked: boolean) =>
    db.query(
      `INSERT INTO api_tokens (key_id, user_id, env, name, secret_hash, expiration_policy, revoked_at)
       VALUES ($1, 'usr_old', 'live', $1, '$2b$04$notarealhash', 'never', $2)`,
      [keyId, revoked ? new Date("2026-01-02T00:00:00Z") : null],
    );
  await token("ACTIVE0000000000", false);
  await token("BYUSER0000000000", true);
  await token("BYOPERATOR000000", true);
  await db.query(
    `INSERT INTO audit_log (actor, action, key_id, user_id) VALUES
       ('user:usr_old', 'token.revoked', 'BYUSER0000000000', 'usr_old'),
       ('operator', 'token.revoked', 'BYOPERATOR000000', 'usr_old')`,
  );
  return { db, schema };
}

describe.each(ENGINES)("migration 3 (token limits) on %s", (engine) => {
  let db: Database;
  let schema: string | undefined;
  beforeAll(async () => {
    ({ db, schema } = await databaseBeforeLimits(engine));
    expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 2).map((m) => m.version));
  });
  afterAll(async () => {
    await db?.close();
    if (schema) await dropSchema(schema);
  });

  it("keeps every existing token's full access: read-write scopes and all projects", async () => {
    const rows = await db.query<{ key_id: string; access: string; scopes: string[]; project_ids: unknown }>(
      "SELECT key_id, access, scopes, project_ids FROM api_tokens ORDER BY key_id",
    );
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.access).toBe("read-write");
      expect(r.scopes).toEqual([...ACCESS_SCOPES["read-write"]]);
      expect(r.project_ids).toBeNull();
    }
  });

  it("records who revoked the tokens revoked before it, from the audit log", async () => {
    const rows = await db.query<{ key_id: string; revoked_by: string | null }>(
      "SELECT key_id, revoked_by FROM api_tokens ORDER BY key_id",
    );
    expect(rows).toEqual([
      { key_id: "ACTIVE0000000000", revoked_by: null },
      { key_id: "BYOPERATOR000000", revoked_by: "operator" },
      { key_id: "BYUSER0000000000", revoked_by: "user" },
    ]);
  });

  it("refuses an access level or a revoker outside the vocabulary", async () => {
    await expect(db.query("UPDATE api_tokens SET access = 'admin'")).rejects.toThrow();
    await expect(db.query("UPDATE api_tokens SET revoked_by = 'someone'")).rejects.toThrow();
  });
});
