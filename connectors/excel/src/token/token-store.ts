/**
 * Where the connected token lives: localStorage under Office.context.partitionKey where Office
 * partitions storage (Excel on the web, Mac); where it does not (Windows desktop), Office's own
 * OfficeRuntime.storage, the most private store Office offers there: not shared with a browser's
 * storage for the same site as the webview's localStorage is, but not encrypted and shared with
 * other add-ins from this add-in's origin (the pane says so). Never Office.context.document.settings
 * or cells: those travel inside the workbook, which only ever learns a token's name and key_id.
 */
export interface StoredToken {
  token: string;
  name: string;
  keyId: string;
  userId: string;
  userName: string;
  expiresAt: string | null;
  /**
   * The organization the user picked in the pane (sent as Layer-Organization), null or absent for
   * all of theirs. Kept with the token, per user, so it is remembered as the token is and never
   * travels inside the workbook.
   */
  organization?: string | null;
}

export interface AsyncKeyValue {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export interface TokenStoreDeps {
  /** Office.context.partitionKey: set where the host partitions storage, undefined elsewhere. */
  partitionKey: string | undefined;
  localStorage: Pick<Storage, "getItem" | "setItem" | "removeItem"> | undefined;
  /** OfficeRuntime.storage where it exists. */
  runtimeStorage: AsyncKeyValue | undefined;
}

const KEY = "layer.token";

export class TokenStore {
  /** Deps may be given late: Office.context.partitionKey is only known after Office.onReady. */
  constructor(private readonly source: TokenStoreDeps | (() => TokenStoreDeps)) {}

  private get deps(): TokenStoreDeps {
    return typeof this.source === "function" ? this.source() : this.source;
  }

  /** Which backend holds the token, for the Settings panel and the tests. */
  get backend(): "localStorage" | "OfficeRuntime.storage" | "none" {
    if (this.deps.partitionKey && this.deps.localStorage) return "localStorage";
    if (this.deps.runtimeStorage) return "OfficeRuntime.storage";
    // Not partitioned and no runtime storage (a plain browser): localStorage is all there is.
    return this.deps.localStorage ? "localStorage" : "none";
  }

  /** Where the token is kept, in the words the pane shows next to it. */
  where(): string {
    switch (this.backend) {
      case "localStorage":
        return this.deps.partitionKey
          ? "this add-in's own storage on this computer (partitioned by Office)"
          : "this browser's storage for the add-in's address (not partitioned)";
      case "OfficeRuntime.storage":
        return "OfficeRuntime.storage on this computer: not encrypted, and readable by other add-ins served from the same address; disconnect when you leave a shared computer";
      default:
        return "nowhere: it is forgotten when the pane closes";
    }
  }

  private get localKey(): string {
    return `${this.deps.partitionKey ?? ""}${KEY}`;
  }

  async load(): Promise<StoredToken | null> {
    const raw = await this.read();
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredToken>;
      return typeof parsed.token === "string" && typeof parsed.keyId === "string" ? (parsed as StoredToken) : null;
    } catch {
      return null;
    }
  }

  async save(value: StoredToken): Promise<void> {
    const raw = JSON.stringify(value);
    if (this.backend === "localStorage") this.deps.localStorage!.setItem(this.localKey, raw);
    else if (this.backend === "OfficeRuntime.storage") await this.deps.runtimeStorage!.setItem(KEY, raw);
    else throw new Error("This host offers no storage for the token; it stays connected only until the pane closes.");
  }

  async clear(): Promise<void> {
    if (this.backend === "localStorage") this.deps.localStorage!.removeItem(this.localKey);
    else if (this.backend === "OfficeRuntime.storage") await this.deps.runtimeStorage!.removeItem(KEY);
  }

  private async read(): Promise<string | null> {
    if (this.backend === "localStorage") return this.deps.localStorage!.getItem(this.localKey);
    if (this.backend === "OfficeRuntime.storage") return this.deps.runtimeStorage!.getItem(KEY);
    return null;
  }
}

/** The store as the add-in uses it inside Office. */
export function officeTokenStore(): TokenStore {
  return new TokenStore(officeStorage);
}

function officeStorage(): TokenStoreDeps {
  let local: Storage | undefined;
  try {
    local = typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    local = undefined;
  }
  const runtime =
    typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage
      ? (OfficeRuntime.storage as AsyncKeyValue)
      : undefined;
  const partitionKey = typeof Office !== "undefined" ? (Office.context?.partitionKey ?? undefined) : undefined;
  return { partitionKey, localStorage: local, runtimeStorage: runtime };
}
