import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Token shapes of docs/contract.md; any that slips into a log line is cut down to its public part.
 * No word boundary before them: a token glued to other text ("xlp_live_…", a legacy token then a
 * personal one) is still a token.
 */
const TOKEN_PATTERN = /(lp_(?:live|test)_[0-9A-Z]{16})_[A-Za-z0-9_-]+|(layer_[0-9a-f]{8})[0-9a-f]{8,}/g;

export function scrubTokens(text: string): string {
  // Every token shape starts with one of these: most lines skip the regex (it runs on every
  // access-log line).
  if (!text.includes("lp_") && !text.includes("layer_")) return text;
  return text.replace(
    TOKEN_PATTERN,
    (_m, personal: string | undefined, legacy: string | undefined) => `${personal ?? legacy}_[REDACTED]`,
  );
}

/**
 * JSON logs. Headers and bodies are never logged whole; the redact paths and the final scrub of
 * every line are two more belts: every token, Authorization header and secret is redacted.
 */
export function createLogger(options: { level: string; destination?: DestinationStream | undefined }): Logger {
  return createLoggers(options).logger;
}

/**
 * The general logger (redact paths and scrub) and the access logger. The access log's lines have
 * fixed, safe fields (ids, method, path, status, timing), so it keeps the scrub of every line but
 * skips the redact paths, which cost every line they are configured on.
 */
export function createLoggers(options: { level: string; destination?: DestinationStream | undefined }): {
  logger: Logger;
  accessLogger: Logger;
} {
  const accessLogger = pino(
    { level: options.level, base: { service: "token-api" }, hooks: { streamWrite: scrubTokens } },
    options.destination,
  );
  const logger = pino(
    {
      level: options.level,
      base: { service: "token-api" },
      redact: {
        paths: [
          'req.headers["x-api-key"]',
          "req.headers.authorization",
          "req.headers.cookie",
          'req.headers["x-operator-secret"]',
          "token",
          "*.token",
          "secret",
          "*.secret",
          "password",
          "*.password",
          "secretHash",
          "*.secretHash",
        ],
        censor: "[REDACTED]",
      },
      hooks: {
        streamWrite: scrubTokens,
      },
    },
    options.destination,
  );
  return { logger, accessLogger };
}

export type { Logger };
