import { createClient, createThrottle, type SharedThrottle } from "@layer/token-client";
import { apiBaseUrl } from "../config.js";
import type { StoredToken, TokenStore } from "../token/token-store.js";
import { SharedRequests } from "./shared-requests.js";

export type LayerClient = ReturnType<typeof createClient>;

export interface SessionOptions {
  store: TokenStore;
  apiBase?: () => string;
  fetch?: typeof fetch;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How long cached custom-function results live. */
  cacheTtlMs?: number;
}

type Listener = (token: StoredToken | null) => void;

/**
 * The one connection of the shared runtime: the task pane and the custom functions run in the
 * same JavaScript context (manifest: SharedRuntime), so they share this token, its client, the
 * request cache and the token client's back-off deadline (`throttle`): when the API tells one
 * request to wait, every cell and the pane wait for the same moment, or fail at once with it.
 */
export class Session {
  readonly throttle: SharedThrottle = createThrottle();
  readonly requests: SharedRequests;
  private current: StoredToken | null = null;
  /** By API address, token, organization and retry limits; all share the session's throttle. */
  private readonly clientCache = new Map<string, LayerClient>();
  private readonly listeners = new Set<Listener>();
  private markRestored!: () => void;
  /** Resolves once the stored token has been read: a cell computed at workbook open waits for it. */
  readonly restored = new Promise<void>((resolve) => {
    this.markRestored = resolve;
  });
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SessionOptions) {
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.requests = new SharedRequests(options.cacheTtlMs ?? 30_000, this.clock);
  }

  get apiBase(): string {
    return (this.options.apiBase ?? (() => apiBaseUrl()))();
  }

  get token(): StoredToken | null {
    return this.current;
  }

  /** The organization every request works in (Layer-Organization), or null for all of the user's. */
  get organization(): string | null {
    return this.current?.organization ?? null;
  }

  /**
   * Narrows what the pane lists (whoami's projects, the project picker) to one organization (null:
   * all). Stored with the token. Imports and cells name their project, so they keep working
   * whichever organization is picked later: they use `client()`, which sends none.
   */
  async setOrganization(organization: string | null): Promise<void> {
    const token = this.current;
    if (!token) throw new NotConnectedError();
    if ((token.organization ?? null) === organization) return;
    const next: StoredToken = { ...token, organization };
    await this.options.store.save(next);
    this.current = next;
    this.requests.clear();
    for (const listener of this.listeners) listener(next);
  }

  /** Where the connected token is kept, for the pane. */
  get tokenKeptIn(): string {
    return this.options.store.where();
  }

  async restore(): Promise<StoredToken | null> {
    try {
      this.setCurrent(await this.options.store.load());
    } finally {
      this.markRestored();
    }
    return this.current;
  }

  async connect(token: StoredToken): Promise<void> {
    // The same user keeps their organization across a rotation; another user starts with all of theirs.
    const organization =
      token.organization !== undefined
        ? token.organization
        : this.current?.userId === token.userId
          ? (this.current.organization ?? null)
          : null;
    const stored = { ...token, organization };
    await this.options.store.save(stored);
    this.setCurrent(stored);
  }

  async disconnect(): Promise<void> {
    await this.options.store.clear();
    this.setCurrent(null);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A client for any token (verifying a pasted one uses this before it is stored). */
  clientFor(
    token: string,
    retry?: { budgetMs?: number; maxWaitMs?: number },
    organization: string | null = null,
  ): LayerClient {
    return createClient({
      baseUrl: this.apiBase,
      token,
      organization,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      clock: this.clock,
      sleep: this.sleep,
      ...(retry ? { retry } : {}),
      throttle: this.throttle,
    });
  }

  /** The connected token's client, in every organization; throws when none is connected. */
  client(retry?: { budgetMs?: number; maxWaitMs?: number }): LayerClient {
    return this.cachedClient(null, retry);
  }

  /** The client the pane lists with: narrowed to the picked organization (`setOrganization`). */
  listingClient(): LayerClient {
    return this.cachedClient(this.organization);
  }

  private cachedClient(organization: string | null, retry?: { budgetMs?: number; maxWaitMs?: number }): LayerClient {
    const token = this.current;
    if (!token) throw new NotConnectedError();
    const key = `${this.apiBase}\u0000${token.keyId}\u0000${organization ?? ""}\u0000${JSON.stringify(retry ?? {})}`;
    const cached = this.clientCache.get(key);
    if (cached) return cached;
    const client = this.clientFor(token.token, retry, organization);
    this.clientCache.set(key, client);
    return client;
  }

  private setCurrent(token: StoredToken | null): void {
    const changed = token?.keyId !== this.current?.keyId || token?.token !== this.current?.token;
    this.current = token;
    if (changed) {
      this.clientCache.clear();
      this.requests.clear();
      this.throttle.clear();
    }
    for (const listener of this.listeners) listener(token);
  }
}

export class NotConnectedError extends Error {
  override readonly name = "NotConnectedError";
  constructor() {
    super("No Layer token is connected. Open the Layer pane (Home tab) and connect a token.");
  }
}
