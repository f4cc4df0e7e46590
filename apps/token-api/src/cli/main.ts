import { ZodError } from "zod";
import { loadConfig } from "../config.js";
import { DataDirLockedError } from "../db/data-dir-lock.js";
import { DomainError } from "../errors/domain-error.js";
import { OperatorCommand } from "../operator/commands.js";
import { formatResult } from "./format.js";
import { HelpRequested, parseCli, UsageError } from "./parse-args.js";
import { CommandFailed, execute } from "./transport.js";

/** The operator CLI: `npm run cli -- <command> [--json]`, same storage config as the server. */
async function main(argv: string[]): Promise<number> {
  let json = argv.includes("--json");
  try {
    const parsed = parseCli(argv);
    json = parsed.json;
    const command = OperatorCommand.parse(parsed.command);
    const result = await execute(
      loadConfig({ ...process.env, LOG_LEVEL: process.env["LOG_LEVEL"] ?? "warn" }),
      command,
      {
        onChannel: (url) => {
          if (command.command === "seed") console.error(`The server at ${url} holds the database; it seeds now…`);
        },
        onSeedProgress: ({ tableId, rowsWritten, rowsTotal }) =>
          console.error(`  ${tableId}: ${rowsWritten.toLocaleString("en")} of ${rowsTotal.toLocaleString("en")} rows`),
      },
    );
    console.log(json ? JSON.stringify(result, null, 2) : formatResult(command.command, result));
    return 0;
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(error.message);
      return 0;
    }
    const { code, message } = describe(error);
    if (json) console.error(JSON.stringify({ error: { code, message } }));
    else console.error(`error: ${message}`);
    return code === "USAGE" ? 2 : 1;
  }
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof UsageError) return { code: "USAGE", message: error.message };
  if (String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS"))
    return { code: "USAGE", message: (error as Error).message };
  if (error instanceof ZodError) {
    return {
      code: "VALIDATION_FAILED",
      message: error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n"),
    };
  }
  if (error instanceof DomainError) {
    const issues = (error.details?.["issues"] as { path: string; message: string }[] | undefined) ?? [];
    return { code: error.code, message: [error.message, ...issues.map((i) => `${i.path}: ${i.message}`)].join("\n") };
  }
  if (error instanceof CommandFailed) return { code: error.code, message: error.message };
  if (error instanceof DataDirLockedError) return { code: "LOCKED", message: error.message };
  if (error instanceof TypeError && /fetch failed/.test(error.message)) {
    return { code: "SERVICE_UNAVAILABLE", message: "the running server's operator channel did not answer" };
  }
  if (error instanceof Error && error.name === "UsageError") return { code: "USAGE", message: error.message };
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

process.exitCode = await main(process.argv.slice(2));
