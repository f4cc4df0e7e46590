import type { Database } from "./database.js";
import { initial } from "./migrations/001_initial.js";
import { tokenGeneration } from "./migrations/002_token_generation.js";
import { tokenLimits } from "./migrations/003_token_limits.js";

/** Versioned migrations, applied in order at start; each runs once, inside a transaction. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "token generation", sql: tokenGeneration },
  { version: 3, name: "token limits and history", sql: tokenLimits },
];

export async function migrate(db: Database): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set(
    (await db.query<{ version: number }>("SELECT version FROM schema_migrations")).map((r) => r.version),
  );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      // Multi-statement SQL goes through the simple protocol: one statement per call keeps both engines happy.
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return applied;
}

/** Splits on semicolons that end a line; migrations hold no functions or quoted semicolons. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter((s) => s.length > 0);
}
