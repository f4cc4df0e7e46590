import { startTokenApi, type StartTokenApiOptions, type TokenApi } from "./index.js";
import { dropSchema, testSchemaName, TEST_POSTGRES_URL, type Engine } from "./engines.js";

/** The harness on either engine; on PostgreSQL each call gets a schema of its own, dropped on close. */
export async function startApiOn(engine: Engine, options: StartTokenApiOptions = {}): Promise<TokenApi> {
  const opts = { ordersRows: 2_500, ...options };
  if (engine === "pglite") return startTokenApi(opts);
  const schema = testSchemaName();
  const api = await startTokenApi({ ...opts, databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema });
  const close = api.close.bind(api);
  api.close = async () => {
    await close();
    await dropSchema(schema);
  };
  return api;
}

/** A clock tests can move. */
export function movableClock(start = new Date()): { now: () => Date; advance(ms: number): void; set(d: Date): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (d) => {
      t = d.getTime();
    },
  };
}
