import type { Database } from "../db/database.js";
import { indexTableColumns } from "../store/column-indexes.js";
import { hashPassword } from "../tokens/hashing.js";
import {
  DEMO_CREATED_AT,
  DEMO_ORGANIZATIONS,
  DEMO_PASSWORD,
  DEMO_PROJECTS,
  DEMO_TABLES,
  DEMO_USERS,
} from "./demo-data.js";

export interface SeedOptions {
  /** Rows of tbl_orders; DEVELOPING.md says 250,000, tests ask for fewer. */
  ordersRows?: number;
  /** bcrypt cost for the demo passwords; tests lower it. */
  bcryptCost?: number;
}

export const DEFAULT_ORDERS_ROWS = 250_000;

/**
 * Replaces all data with the deterministic demo set (tokens and audit included: a seed is a
 * fresh start). Each table's rows are one INSERT ... SELECT over generate_series.
 */
export async function seedDemoData(db: Database, options: SeedOptions = {}): Promise<void> {
  const ordersRows = options.ordersRows ?? DEFAULT_ORDERS_ROWS;
  if (!Number.isInteger(ordersRows) || ordersRows < 0 || ordersRows > 5_000_000) {
    throw new Error("ordersRows must be an integer from 0 to 5,000,000");
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD, options.bcryptCost);
  await db.transaction(async (tx) => {
    for (const table of [
      "audit_log",
      "idempotency_keys",
      "account_sessions",
      "api_tokens",
      "table_rows",
      "data_tables",
      "project_members",
      "projects",
      "organization_members",
      "users",
      "organizations",
    ]) {
      await tx.query(`DELETE FROM ${table}`);
    }
    await tx.query("UPDATE platform_settings SET global_kill_switch = false, updated_at = now()");
    for (const org of DEMO_ORGANIZATIONS) {
      await tx.query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)", [
        org.id,
        org.name,
        DEMO_CREATED_AT,
      ]);
    }
    for (const project of DEMO_PROJECTS) {
      await tx.query(
        "INSERT INTO projects (id, organization_id, name, customer_external_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        [project.id, project.organizationId, project.name, project.customerExternalId, DEMO_CREATED_AT],
      );
    }
    for (const user of DEMO_USERS) {
      await tx.query("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)", [
        user.id,
        user.email,
        user.name,
        passwordHash,
        DEMO_CREATED_AT,
      ]);
      for (const [orgId, role] of user.orgs) {
        await tx.query("INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, $3)", [
          orgId,
          user.id,
          role,
        ]);
      }
      for (const [projectId, role] of user.projects) {
        await tx.query("INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3)", [
          projectId,
          user.id,
          role,
        ]);
      }
    }
    for (const table of DEMO_TABLES) {
      const rows = table.rows === "orders" ? ordersRows : table.rows;
      await tx.query(
        "INSERT INTO data_tables (id, project_id, name, primary_key, columns, row_count, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)",
        [table.id, table.projectId, table.name, table.primaryKey, JSON.stringify(table.columns), rows, DEMO_CREATED_AT],
      );
      await tx.query(
        `INSERT INTO table_rows (table_id, key_num, key_text, data)
         SELECT $1, ${table.keyNum}, ${table.keyText}, ${table.data} FROM generate_series(1, $2::int) AS g`,
        [table.id, rows],
      );
      await indexTableColumns(tx, table);
    }
  });
  // Fresh statistics, or the planner sorts whole tables instead of walking the keyset index.
  await db.query("ANALYZE table_rows");
  await db.query("ANALYZE data_tables");
}
