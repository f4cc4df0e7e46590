import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";

/** The local PostgreSQL of docs/hosts.md; TEST_DATABASE_URL overrides it. */
export const TEST_POSTGRES_URL = process.env["TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

export const ENGINES = ["pglite", "postgres"] as const;
export type Engine = (typeof ENGINES)[number];

export interface TestDatabase {
  db: Database;
  /** Drops the PostgreSQL schema of this test and closes the database. */
  dispose(): Promise<void>;
}

/** A fresh, migrated database: in-memory PGlite, or a schema of its own on the local PostgreSQL. */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "pglite") {
    const db = await openDatabase({ dataDir: "memory" });
    await migrate(db);
    return { db, dispose: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const db = await openDatabase({ databaseUrl: TEST_POSTGRES_URL, schema });
  await migrate(db);
  return {
    db,
    async dispose() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export function testSchemaName(): string {
  return `t_${randomBytes(6).toString("hex")}`;
}
