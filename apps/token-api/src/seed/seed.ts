import type { Database, Queryable } from "../db/database.js";
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

export interface SeedProgress {
  tableId: string;
  rowsWritten: number;
  rowsTotal: number;
}

export interface SeedOptions {
  /** Rows of tbl_orders; the demo has 250,000, tests ask for fewer. */
  ordersRows?: number | undefined;
  /** bcrypt cost for the demo passwords; tests lower it. */
  bcryptCost?: number | undefined;
  /**
   * Delete everything first (users' tokens, sessions and history included). Without it a seed
   * only adds the demo records that are missing, so running it against a live suite never logs
   * anybody out or breaks a connector's token.
   */
  reset?: boolean | undefined;
  /** Called after each chunk of generated rows: a 250,000-row table takes several seconds. */
  onProgress?: ((progress: SeedProgress) => void) | undefined;
}

/** What a seed did, by table, so the operator sees exactly what changed. */
export interface SeedReport {
  reset: boolean;
  /** Rows deleted per table (only with reset). */
  deleted: Record<string, number>;
  /** Demo records added per table. */
  added: Record<string, number>;
}

export const DEFAULT_ORDERS_ROWS = 250_000;
const MAX_ORDERS_ROWS = 5_000_000;
/** Rows generated per statement: small enough to report progress every second or so. */
const ROWS_PER_CHUNK = 50_000;

/** Children before parents, so that a reset never trips a foreign key. */
const ALL_TABLES = [
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
] as const;

/**
 * Puts the deterministic demo data in place. Each demo record is inserted only where it is
 * missing (`ON CONFLICT DO NOTHING`), and a table's rows only when the table itself is new: a
 * second seed changes nothing. `reset` wipes every table first and reports what it deleted.
 */
export async function seedDemoData(db: Database, options: SeedOptions = {}): Promise<SeedReport> {
  const ordersRows = options.ordersRows ?? DEFAULT_ORDERS_ROWS;
  if (!Number.isInteger(ordersRows) || ordersRows < 0 || ordersRows > MAX_ORDERS_ROWS) {
    throw new RangeError("ordersRows must be an integer from 0 to 5,000,000");
  }
  const reset = options.reset === true;
  const missingUsers = reset ? DEMO_USERS.length : await countMissingUsers(db);
  // bcrypt only when a demo user will actually be inserted: cost 12 takes a fifth of a second.
  const passwordHash = missingUsers > 0 ? await hashPassword(DEMO_PASSWORD, options.bcryptCost) : "";
  const report: SeedReport = { reset, deleted: {}, added: {} };
  const added = (table: string, n: number) => {
    if (n > 0) report.added[table] = (report.added[table] ?? 0) + n;
  };

  await db.transaction(async (tx) => {
    if (reset) {
      for (const table of ALL_TABLES) {
        const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        if (row && row.n > 0) report.deleted[table] = row.n;
        await tx.query(`DELETE FROM ${table}`);
      }
      await tx.query("UPDATE platform_settings SET global_kill_switch = false, updated_at = now()");
    }
    for (const org of DEMO_ORGANIZATIONS) {
      added(
        "organizations",
        await insertMissing(tx, "INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)", [
          org.id,
          org.name,
          DEMO_CREATED_AT,
        ]),
      );
    }
    for (const project of DEMO_PROJECTS) {
      added(
        "projects",
        await insertMissing(
          tx,
          "INSERT INTO projects (id, organization_id, name, customer_external_id, created_at) VALUES ($1, $2, $3, $4, $5)",
          [project.id, project.organizationId, project.name, project.customerExternalId, DEMO_CREATED_AT],
        ),
      );
    }
    for (const user of DEMO_USERS) {
      added(
        "users",
        await insertMissing(
          tx,
          "INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
          [user.id, user.email, user.name, passwordHash, DEMO_CREATED_AT],
        ),
      );
      for (const [orgId, role] of user.orgs) {
        added(
          "organization_members",
          await insertMissing(
            tx,
            "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, $3)",
            [orgId, user.id, role],
          ),
        );
      }
      for (const [projectId, role] of user.projects) {
        added(
          "project_members",
          await insertMissing(tx, "INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3)", [
            projectId,
            user.id,
            role,
          ]),
        );
      }
    }
    for (const table of DEMO_TABLES) {
      const rows = table.rows === "orders" ? ordersRows : table.rows;
      const isNew = await insertMissing(
        tx,
        "INSERT INTO data_tables (id, project_id, name, primary_key, columns, row_count, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)",
        [table.id, table.projectId, table.name, table.primaryKey, JSON.stringify(table.columns), rows, DEMO_CREATED_AT],
      );
      if (isNew === 0) {
        // Indexes of a table seeded before they existed; nothing to do when they do.
        await indexTableColumns(tx, table);
        continue;
      }
      added("data_tables", 1);
      for (let first = 1; first <= rows; first += ROWS_PER_CHUNK) {
        const last = Math.min(rows, first + ROWS_PER_CHUNK - 1);
        await tx.query(
          `INSERT INTO table_rows (table_id, key_num, key_text, data)
           SELECT $1, ${table.keyNum}, ${table.keyText}, ${table.data} FROM generate_series($2::int, $3::int) AS g`,
          [table.id, first, last],
        );
        options.onProgress?.({ tableId: table.id, rowsWritten: last, rowsTotal: rows });
      }
      added("table_rows", rows);
      // Built once the rows are in: faster than keeping them up to date row by row.
      await indexTableColumns(tx, table);
    }
  });
  // Fresh statistics, or the planner sorts whole tables instead of walking the keyset index.
  if (Object.keys(report.added).length > 0 || reset) {
    await db.query("ANALYZE table_rows");
    await db.query("ANALYZE data_tables");
  }
  return report;
}

/** 1 when the record was inserted, 0 when a record with its key was already there. */
async function insertMissing(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  const rows = await tx.query(`${sql} ON CONFLICT DO NOTHING RETURNING 1 AS inserted`, params);
  return rows.length;
}

async function countMissingUsers(db: Database): Promise<number> {
  const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE id = ANY($1::text[])", [
    DEMO_USERS.map((u) => u.id),
  ]);
  return DEMO_USERS.length - (row?.n ?? 0);
}
