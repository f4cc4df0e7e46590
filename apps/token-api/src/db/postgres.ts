import pg from "pg";
import type { Database, Queryable } from "./database.js";
import { checkParameters, toDatabaseError } from "./database-errors.js";

/**
 * A lost connection becomes DatabaseUnavailableError (503 with Retry-After), refused input
 * DatabaseInputError (400); no error leaves with the SQL's parameters.
 */
async function reportingLoss<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDatabaseError(error);
  }
}

/** A real PostgreSQL through a `pg` pool; `schema` isolates parallel test files from one another. */
export async function openPostgres(connectionString: string, schema?: string): Promise<Database> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error("schema must be a lower-case SQL identifier");
  }
  if (schema) {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // A database that does not answer fails the request within 1.5 s (503), never hangs it.
    connectionTimeoutMillis: 1_500,
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const query: Queryable["query"] = async (sql, params) => {
    checkParameters(params);
    const result = await reportingLoss(() => pool.query(sql, params ? [...params] : undefined));
    return result.rows;
  };
  return {
    engine: "postgres",
    query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await reportingLoss(() => pool.connect());
      try {
        await client.query("BEGIN");
        const result = await fn({
          async query(sql, params) {
            checkParameters(params);
            return (await reportingLoss(() => client.query(sql, params ? [...params] : undefined))).rows;
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw toDatabaseError(error);
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
