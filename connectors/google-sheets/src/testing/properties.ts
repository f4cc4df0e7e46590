import type { Properties, PropertiesService } from "../apps-script/services.js";
import { HOST_LIMITS, utf8Bytes } from "./host-limits.js";

/** 9 KB per value and 500 KB in all (UTF-8), as in Apps Script: an oversize write fails loudly here too. */
export class FakeProperties implements Properties {
  readonly values = new Map<string, string>();
  getProperty(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setProperty(key: string, value: string): FakeProperties {
    const text = String(value);
    if (utf8Bytes(key) + utf8Bytes(text) > HOST_LIMITS.propertyValueBytes)
      throw new Error(`Argument too large: ${key}`);
    const others = this.bytes() - (this.values.has(key) ? utf8Bytes(key) + utf8Bytes(this.values.get(key) ?? "") : 0);
    if (others + utf8Bytes(key) + utf8Bytes(text) > HOST_LIMITS.propertyStoreBytes)
      throw new Error("You have exceeded the property storage quota. Please remove some properties and try again.");
    this.values.set(key, text);
    return this;
  }
  deleteProperty(key: string): FakeProperties {
    this.values.delete(key);
    return this;
  }
  getProperties(): { [key: string]: string } {
    return Object.fromEntries(this.values);
  }
  /** What this store holds, as Apps Script counts it against its 500 KB. */
  bytes(): number {
    let n = 0;
    for (const [k, v] of this.values) n += utf8Bytes(k) + utf8Bytes(v);
    return n;
  }
}

/**
 * User properties per user (switch `currentUser` to act as another editor). Document
 * properties exist only while a document is active, as for an add-on in a time-driven run;
 * the add-on does not use them (see DocumentStore), and the fake still offers them so a test
 * can prove nothing lands there.
 */
export class FakePropertiesService implements PropertiesService {
  readonly users = new Map<string, FakeProperties>();
  readonly document = new FakeProperties();
  documentActive = true;
  constructor(public currentUser = "ada@example.com") {}
  getUserProperties(): FakeProperties {
    let props = this.users.get(this.currentUser);
    if (!props) {
      props = new FakeProperties();
      this.users.set(this.currentUser, props);
    }
    return props;
  }
  getDocumentProperties(): FakeProperties | null {
    return this.documentActive ? this.document : null;
  }
}
