/**
 * The one storage seam: the same SQL runs on embedded PGlite (the default, no server to install)
 * and on a real PostgreSQL through `pg` when DATABASE_URL is set ("one schema, two engines").
 * Callers pass JSON parameters already stringified and cast them (`$1::jsonb`), and cast counts to
 * `int`, so that both engines return the same JavaScript values.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly engine: "pglite" | "postgres";
  /** Runs several statements at once (migrations); no parameters. */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** A PostgreSQL connection string; when absent the embedded engine is used. */
  databaseUrl?: string | undefined;
  /** PostgreSQL only: a schema to create and use (tests give each file its own). */
  schema?: string | undefined;
  /** Embedded only: the data directory, or "memory" for an in-memory database. */
  dataDir?: string | undefined;
}

export async function openDatabase(options: StorageOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import("./postgres.js");
    return openPostgres(options.databaseUrl, options.schema);
  }
  const { openPglite } = await import("./pglite.js");
  return openPglite(options.dataDir ?? ".data");
}
