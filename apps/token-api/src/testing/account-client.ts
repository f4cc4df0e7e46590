import { call, type Reply } from "./http.js";

/**
 * A browser stand-in for route tests: keeps the session cookie and the CSRF token, and sends the
 * token on mutations unless told not to.
 */
export class AccountClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async signIn(email: string, password = "layer-demo"): Promise<Reply> {
    const reply = await call(`${this.baseUrl}/v1/session`, { method: "POST", json: { email, password } });
    const setCookie = reply.headers.get("set-cookie");
    if (reply.status === 201 && setCookie) {
      this.cookie = setCookie.split(";")[0];
      this.csrfToken = reply.body.csrfToken;
    }
    return reply;
  }

  request(
    method: string,
    path: string,
    options: { json?: unknown; body?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers["Cookie"] = this.cookie;
    if (method !== "GET" && options.csrf !== false && this.csrfToken) headers["X-CSRF-Token"] = this.csrfToken;
    return call(`${this.baseUrl}${path}`, { method, headers, json: options.json, body: options.body });
  }

  createToken(name: string, expiresIn = "90d", env?: string): Promise<Reply> {
    return this.request("POST", "/v1/tokens", { json: { name, expiresIn, ...(env ? { env } : {}) } });
  }
}

/** whoami as connectors ask it: with the projects the token reaches. */
export const whoami = (baseUrl: string, token: string): Promise<Reply> =>
  call(`${baseUrl}/v1/whoami?include=projects`, { token });
