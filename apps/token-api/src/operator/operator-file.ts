import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where a running server tells the CLI how to reach its operator channel. */
export interface OperatorEndpoint {
  pid: number;
  url: string;
  secret: string;
}

const FILE = "operator.json";

export function newOperatorSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Written with mode 0600: only the user who runs the server can drive it. */
export function writeOperatorFile(dataDir: string, endpoint: OperatorEndpoint): void {
  const path = join(dataDir, FILE);
  rmSync(path, { force: true });
  writeFileSync(path, JSON.stringify(endpoint), { mode: 0o600, flag: "wx" });
}

export function readOperatorFile(dataDir: string): OperatorEndpoint | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, FILE), "utf8")) as OperatorEndpoint;
  } catch {
    return null;
  }
}

export function removeOperatorFile(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}
