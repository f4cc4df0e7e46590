import type { Database } from "../db/database.js";

/** Every row of every table of the current schema, as JSON text: what a database dump would hold. */
export async function dumpDatabase(db: Database): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
    parts.push(`-- ${table_name}`, ...rows.map((r) => r.row));
  }
  return parts.join("\n");
}
