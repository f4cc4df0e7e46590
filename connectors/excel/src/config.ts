/**
 * Where the token API lives. The default is the local reference API (DEVELOPING.md, port 8787);
 * a deployment bakes its own in at build time (LAYER_API_URL), and a user can point the task pane
 * elsewhere from its Settings (kept in localStorage: an address is not a secret).
 */
declare const __LAYER_API_URL__: string | undefined;

export const DEFAULT_API_URL =
  typeof __LAYER_API_URL__ === "string" && __LAYER_API_URL__ ? __LAYER_API_URL__ : "http://127.0.0.1:8787";

const API_URL_KEY = "layer.apiBaseUrl";

/** Normalises and checks an API address typed by a person; returns null when it is not http(s). */
export function normaliseApiUrl(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return url.origin + url.pathname.replace(/\/+$/, "");
}

export function apiBaseUrl(storage: Pick<Storage, "getItem"> | undefined = safeLocalStorage()): string {
  const stored = storage?.getItem(API_URL_KEY);
  return (stored && normaliseApiUrl(stored)) || DEFAULT_API_URL;
}

export function setApiBaseUrl(url: string, storage: Pick<Storage, "setItem"> | undefined = safeLocalStorage()): void {
  storage?.setItem(API_URL_KEY, url);
}

/** The account page where a person creates, lists and revokes tokens (its path is the token client's to know). */
export { accountUrl } from "@layer/token-client";

export function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    // Some hosts throw on the mere access when storage is blocked.
    return undefined;
  }
}
