/** Small fetch helpers for route tests: JSON in, status + headers + JSON out. */
// biome-ignore lint/suspicious/noExplicitAny: route tests read any envelope or body without declaring its shape
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

// biome-ignore lint/suspicious/noExplicitAny: as Reply
export async function call<T = any>(
  url: string,
  init: RequestInit & { token?: string; json?: unknown } = {},
): Promise<Reply<T>> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set("X-Api-Key", init.token);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  const response = await fetch(url, { ...init, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}
