import { serveTokenApi } from "./serve.js";

/** `npm run start -w apps/token-api`: the token API on PORT (8787), embedded database unless DATABASE_URL. */
async function main(): Promise<void> {
  const server = await serveTokenApi({ seedOnEmpty: process.env["SEED_ON_EMPTY"] !== "false" });
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
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
