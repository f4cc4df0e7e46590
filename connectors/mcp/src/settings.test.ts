import { describe, expect, it } from "vitest";
import { tokenFromHeaders } from "./http/token-header.js";
import { readSettings } from "./settings.js";
import { rowsWithinBytes } from "./tools/result-size.js";

const TOKEN = `lp_live_0123456789ABCDEF_${"a".repeat(43)}`;
const OTHER = `lp_live_FEDCBA9876543210_${"b".repeat(43)}`;
const settings = readSettings({ LAYER_API_URL: "http://127.0.0.1:8787/" });

describe("settings", () => {
  it("derives the account page from the API's address unless LAYER_ACCOUNT_URL says otherwise", () => {
    expect(settings).toMatchObject({
      apiUrl: "http://127.0.0.1:8787",
      accountUrl: "http://127.0.0.1:8787/account/api",
    });
    expect(
      readSettings({ LAYER_API_URL: "https://api.example.com", LAYER_ACCOUNT_URL: "https://app.example.com/account" }),
    ).toMatchObject({ accountUrl: "https://app.example.com/account" });
  });

  it("explains an API address that is not one, naming the variable", () => {
    expect(readSettings({ LAYER_API_URL: "127.0.0.1:8787" }).apiUrlProblem).toMatch(/^LAYER_API_URL must be/);
    expect(readSettings({}).apiUrlProblem).toMatch(/^LAYER_API_URL is not set/);
  });

  it("works in every organization unless LAYER_ORGANIZATION names one, and refuses one that cannot be an id", () => {
    expect(settings).toMatchObject({ organization: null, organizationProblem: null });
    const api = { LAYER_API_URL: "http://127.0.0.1:8787" };
    expect(readSettings({ ...api, LAYER_ORGANIZATION: " org_acme " })).toMatchObject({
      organization: "org_acme",
      organizationProblem: null,
    });
    expect(readSettings({ ...api, LAYER_ORGANIZATION: "" }).organization).toBeNull();
    const bad = readSettings({ ...api, LAYER_ORGANIZATION: "Acme Analytics" });
    expect(bad.organization).toBeNull();
    expect(bad.organizationProblem).toMatch(/^LAYER_ORGANIZATION must be one organization id/);
  });
});

describe("the token of an HTTP request", () => {
  it("prefers X-Api-Key over Authorization, as the API does", () => {
    const read = tokenFromHeaders({ "x-api-key": TOKEN, authorization: `Bearer ${OTHER}` }, settings);
    expect(read.ok && read.token.keyId).toBe("0123456789ABCDEF");
  });

  it("takes a Bearer token in any case of the scheme", () => {
    const read = tokenFromHeaders({ authorization: `bearer ${OTHER}` }, settings);
    expect(read.ok && read.token.keyId).toBe("FEDCBA9876543210");
  });

  it("says what to send when there is nothing", () => {
    const read = tokenFromHeaders({}, settings);
    expect(!read.ok && read.problem).toMatch(/is not set.*Authorization: Bearer <token>/);
  });
});

describe("the byte cap of a page of rows", () => {
  it("keeps the leading rows that fit, at least one", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: i, text: "x".repeat(90) }));
    const one = Buffer.byteLength(JSON.stringify(rows[0]));
    expect(rowsWithinBytes(rows, 10_000)).toBe(10);
    expect(rowsWithinBytes(rows, 2 + one * 3 + 2)).toBe(3);
    expect(rowsWithinBytes(rows, 10)).toBe(1);
    expect(rowsWithinBytes([], 10)).toBe(0);
  });
});
