import { PGlite } from "@electric-sql/pglite";
import { mkdirSync } from "node:fs";
import type { Database, Queryable } from "./database.js";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.js";
import { checkParameters, toDatabaseError } from "./database-errors.js";

/**
 * Embedded PostgreSQL (WASM). It admits one process per data directory, so a lock file guards the
 * directory for as long as it is open ("two processes never open one data directory").
 */
export async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === "memory" || dataDir === "memory://";
  let lock: DataDirLock | undefined;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    lock = acquireDataDirLock(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(inMemory ? undefined : `${dataDir}/pgdata`);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const wrap = (q: Pick<PGlite, "query">): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      checkParameters(params);
      try {
        const result = await q.query<R>(sql, params ? [...params] : undefined);
        return result.rows;
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
  });
  const base = wrap(pg);
  return {
    engine: "pglite",
    query: base.query,
    async exec(sql) {
      await pg.exec(sql);
    },
    async transaction(fn) {
      try {
        return await pg.transaction((tx) => fn(wrap(tx)));
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
    async close() {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}
