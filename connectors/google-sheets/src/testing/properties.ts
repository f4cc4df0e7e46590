import type { Properties, PropertiesService } from "../apps-script/services.js";

/** 9 KB per value and 500 KB in all, as in Apps Script: an oversize write fails loudly here too. */
export class FakeProperties implements Properties {
  readonly values = new Map<string, string>();
  getProperty(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setProperty(key: string, value: string): FakeProperties {
    if (key.length + value.length > 9 * 1024) throw new Error(`Argument too large: ${key}`);
    this.values.set(key, String(value));
    const total = [...this.values].reduce((n, [k, v]) => n + k.length + v.length, 0);
    if (total > 500 * 1024) throw new Error("You have exceeded the property storage quota.");
    return this;
  }
  deleteProperty(key: string): FakeProperties {
    this.values.delete(key);
    return this;
  }
  getProperties(): { [key: string]: string } {
    return Object.fromEntries(this.values);
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
    if (!props) this.users.set(this.currentUser, (props = new FakeProperties()));
    return props;
  }
  getDocumentProperties(): FakeProperties | null {
    return this.documentActive ? this.document : null;
  }
}
