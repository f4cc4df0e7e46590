import { serveTokenApi } from "./serve.js";

/**
 * `npm run start -w apps/token-api`: the token API on PORT (8787), embedded database unless
 * DATABASE_URL; every setting (README, "Settings") is read from the environment here.
 */
async function main(): Promise<void> {
  const server = await serveTokenApi();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.services.logger.info({ signal }, "shutting down");
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // One line a person can act on (a bad setting, a port in use, a locked data directory); no stack.
  console.error(`token API: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
