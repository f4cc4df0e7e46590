import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { EndpointClass, Tier } from "@layer/contracts";

export interface LiveApiOptions {
  ordersRows?: number;
  /** Requests per window for a tier and endpoint class, over the API's defaults. */
  rateLimits?: Partial<Record<Tier, Partial<Record<EndpointClass, number>>>>;
  /** The limiter's window in seconds (the API's is 60): a test that waits one out uses a short one. */
  rateLimitWindowSeconds?: number;
}

export interface LiveApi {
  url: string;
  /** The same API behind a gateway that `armUnavailable` can make answer 503 SERVICE_UNAVAILABLE. */
  gatewayUrl: string;
  createToken(input: {
    email: string;
    name: string;
    expires?: string;
    expiresAt?: string;
    access?: "read" | "read-write";
    projectIds?: string[];
  }): Promise<{ token: string; keyId: string }>;
  /** Makes a user a member of another organization and one of its projects (demo users have one organization). */
  joinOrganization(input: { organizationId: string; email: string; projectId: string }): Promise<void>;
  revokeToken(keyId: string): Promise<void>;
  killKey(keyId: string): Promise<void>;
  restoreKey(keyId: string): Promise<void>;
  /** Moves a key onto a tier: its limits apply from its next request, its window count kept. */
  setTier(keyId: string, tier: Tier): Promise<void>;
  /** Takes a user out of a project: their tokens see it as not found from the next request. */
  removeMember(projectId: string, email: string): Promise<void>;
  requestCount(keyId: string): Promise<number>;
  /** The next `count` requests with a token through `gatewayUrl` get 503 SERVICE_UNAVAILABLE with Retry-After. */
  armUnavailable(count: number, retryAfterSeconds: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts `@layer/token-api/testing` in a child process and speaks to its operator over IPC. */
export async function startLiveApi(options: LiveApiOptions = {}): Promise<LiveApi> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL("./live-api-child.mjs", import.meta.url)),
    [JSON.stringify(options)],
    {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const { url, gatewayUrl } = await new Promise<{ url: string; gatewayUrl: string }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`token API exited with ${code}`)));
    child.on(
      "message",
      (m: {
        ready?: boolean;
        url?: string;
        gatewayUrl?: string;
        id?: number;
        ok?: boolean;
        value?: unknown;
        message?: string;
      }) => {
        if (m.ready && m.url && m.gatewayUrl) return resolve({ url: m.url, gatewayUrl: m.gatewayUrl });
        const waiter = m.id === undefined ? undefined : pending.get(m.id);
        if (!waiter || m.id === undefined) return;
        pending.delete(m.id);
        if (m.ok) waiter.resolve(m.value);
        else waiter.reject(new Error(m.message));
      },
    );
  });
  const call = <T>(op: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });
  return {
    url,
    gatewayUrl,
    createToken: (input) => call("createToken", input),
    revokeToken: (keyId) => call("revokeToken", keyId),
    killKey: (keyId) => call("killKey", keyId),
    restoreKey: (keyId) => call("restoreKey", keyId),
    setTier: (keyId, tier) => call("setTier", keyId, tier),
    removeMember: (projectId, email) => call("removeMember", projectId, email),
    joinOrganization: (input) => call("joinOrganization", input),
    requestCount: (keyId) => call("requestCount", keyId),
    armUnavailable: (count, retryAfterSeconds) => call("armUnavailable", count, retryAfterSeconds),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      await call("close").catch(() => undefined);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
