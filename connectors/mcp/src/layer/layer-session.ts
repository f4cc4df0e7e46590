import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import {
  createClient,
  createThrottle,
  type LayerClient,
  type RetryInfo,
  type SharedThrottle,
} from "@layer/token-client";
import {
  adviceFor,
  type ExplainedFailure,
  expiryNotice,
  explainFailure,
  type FailureContext,
} from "../messages/failures.js";
import type { ServerSettings, TokenSetting, TokenSource } from "../settings.js";

/**
 * An agent waits on a tool call: a rate limit or an unavailable API is waited out only within
 * this budget (about 20 s), else the tool says when to try again.
 */
export const INTERACTIVE_BUDGET_MS = 20_000;

export type Outcome<T> = { ok: true; value: T; notice: string | null } | { ok: false; failure: ExplainedFailure };

export interface LayerSessionOptions {
  settings: ServerSettings;
  token: TokenSetting;
  source: TokenSource;
  clock?: () => number;
  /** Told about each wait before a retry (the server turns it into an MCP log message). */
  onRetry?: (info: RetryInfo) => void;
  /** The MCP client's name, once it has introduced itself. */
  clientName?: () => string | undefined;
  fetch?: typeof fetch;
  /** One back-off deadline for every session of the same token (they share its rate limits). */
  throttle?: SharedThrottle;
  /** The organization calls work in unless a tool names another; default the settings' (LAYER_ORGANIZATION). */
  organization?: string | null;
}

/** One token's connection to the Layer API: every tool call of a stdio process or of one HTTP session goes through it. */
export class LayerSession {
  readonly #options: LayerSessionOptions;
  readonly #client: LayerClient | null;
  /** One client per organization a tool asked for; all share the token's back-off deadline. */
  readonly #byOrganization = new Map<string, LayerClient>();
  readonly #throttle: SharedThrottle;
  readonly #problem: string | null;
  readonly #clock: () => number;
  #whoami: Promise<Whoami | null> | null = null;

  constructor(options: LayerSessionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#throttle = options.throttle ?? createThrottle();
    const { settings, token } = options;
    this.#problem = settings.apiUrlProblem ?? settings.organizationProblem ?? (token.ok ? null : token.problem);
    this.#client = this.#problem === null ? this.#clientIn(this.organization) : null;
  }

  /** The organization calls work in when a tool names none; null: every organization. */
  get organization(): string | null {
    return this.#options.organization !== undefined ? this.#options.organization : this.#options.settings.organization;
  }

  #clientIn(organization: string | null): LayerClient | null {
    const { settings, token } = this.#options;
    if (!settings.apiUrl || !token.ok) return null;
    const known = this.#byOrganization.get(organization ?? "");
    if (known) return known;
    const client = createClient({
      baseUrl: settings.apiUrl,
      token: token.token.value,
      clock: this.#clock,
      retry: { budgetMs: INTERACTIVE_BUDGET_MS, maxWaitMs: INTERACTIVE_BUDGET_MS },
      userAgent: "layer-mcp/0.1",
      organization,
      throttle: this.#throttle,
      ...(this.#options.onRetry ? { onRetry: this.#options.onRetry } : {}),
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
    });
    this.#byOrganization.set(organization ?? "", client);
    return client;
  }

  /** The token's display form, or null when there is none. */
  get masked(): string | null {
    return this.#options.token.ok ? this.#options.token.token.masked : null;
  }

  get keyId(): string | null {
    return this.#options.token.ok ? this.#options.token.token.keyId : null;
  }

  get configurationProblem(): string | null {
    return this.#problem;
  }

  /**
   * Runs one API call; a failure comes back worded for the agent, never thrown. `organization`
   * (a tool's argument) narrows this call to another organization than the session's.
   */
  async run<T>(
    subject: string | undefined,
    call: (client: LayerClient) => Promise<T>,
    request?: FailureContext["request"],
    organization?: string,
  ): Promise<Outcome<T>> {
    const client = this.#client && organization !== undefined ? this.#clientIn(organization) : this.#client;
    if (!client) {
      return { ok: false, failure: { code: "CONFIGURATION", retryAfterSeconds: null, text: this.#problem ?? "" } };
    }
    try {
      const value = await call(client);
      return { ok: true, value, notice: await this.#notice() };
    } catch (error) {
      return {
        ok: false,
        failure: explainFailure(error, { ...this.#context(subject), ...(request ? { request } : {}) }),
      };
    }
  }

  /** whoami of this token, fetched once per session for the notice's token name. */
  whoamiOnce(client: LayerClient): Promise<Whoami | null> {
    this.#whoami ??= client.whoami().catch(() => {
      this.#whoami = null;
      return null;
    });
    return this.#whoami;
  }

  /** whoami now (token_status), remembered for the notices. */
  async freshWhoami(client: LayerClient): Promise<Whoami> {
    const whoami = await client.whoami();
    this.#whoami = Promise.resolve(whoami);
    return whoami;
  }

  context(subject?: string): FailureContext {
    return this.#context(subject);
  }

  async #notice(): Promise<string | null> {
    const client = this.#client;
    const expiresAt = client?.lastTokenExpiresAt;
    if (!client || !expiresAt) return null;
    const ctx = this.#context();
    const byHeader = adviceFor({ expiresAt }, ctx);
    if (!expiryNotice(byHeader)) return null;
    // Close to expiry: name the token, which only whoami knows.
    const whoami = await this.whoamiOnce(client);
    return expiryNotice(whoami ? adviceFor({ whoami, expiresAt }, ctx) : byHeader);
  }

  #context(subject?: string): FailureContext {
    const { settings, source } = this.#options;
    const clientName = this.#options.clientName?.();
    return {
      apiUrl: settings.apiUrl ?? "",
      accountUrl: settings.accountUrl ?? "",
      source,
      masked: this.masked ?? "",
      keyId: this.keyId,
      now: this.#clock(),
      ...(subject ? { subject } : {}),
      ...(clientName ? { clientName } : {}),
    };
  }
}
