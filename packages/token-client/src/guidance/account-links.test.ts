import { describe, expect, it } from "vitest";
import { makeToken } from "../test-support/tokens.js";
import { accountUrl, createTokenUrl, suggestedTokenName, TOKEN_NAME_MAX } from "./account-links.js";

describe("account links", () => {
  it("assembles the account page from the API's base URL, with or without trailing slashes", () => {
    expect(accountUrl("https://api.example.com")).toBe("https://api.example.com/account/api");
    expect(accountUrl("https://api.example.com/layer//")).toBe("https://api.example.com/layer/account/api");
  });

  it("links to the create form with the suggested name and a 90-day expiry, encoded without URLSearchParams", () => {
    expect(createTokenUrl("https://x.test/account/api", "Excel - Q4 & Q1")).toBe(
      "https://x.test/account/api?create=1&name=Excel%20-%20Q4%20%26%20Q1&expires=90d",
    );
    expect(createTokenUrl("https://x.test/account/api?org=1", "Power BI")).toBe(
      "https://x.test/account/api?org=1&create=1&name=Power%20BI&expires=90d",
    );
  });
});

describe("the one naming rule", () => {
  it("is the tool and the document, without the document's file extension", () => {
    expect(suggestedTokenName("Google Sheets", "Budget 2026")).toBe("Google Sheets - Budget 2026");
    expect(suggestedTokenName("Excel", "Budget 2026.xlsx")).toBe("Excel - Budget 2026");
    expect(suggestedTokenName("Power BI", "Sales.PBIX")).toBe("Power BI - Sales");
  });

  it("is the tool alone when there is no usable document name", () => {
    expect(suggestedTokenName("Excel")).toBe("Excel");
    expect(suggestedTokenName("Excel", "  \n ")).toBe("Excel");
    expect(suggestedTokenName("Excel", ".xlsx")).toBe("Excel");
  });

  it("puts a document name on one line and never carries a token in it", () => {
    expect(suggestedTokenName("Excel", "a\nb\u0007c")).toBe("Excel - a b c");
    const { token, secret } = makeToken(5);
    const name = suggestedTokenName("Google Sheets", `Pasted ${token}`);
    expect(name).not.toContain(secret);
  });

  it("cuts a long name in the document part, to the API's 100 characters, ending with an ellipsis", () => {
    const name = suggestedTokenName("Google Sheets", "x".repeat(300));
    expect(name.length).toBe(TOKEN_NAME_MAX);
    expect(name.startsWith("Google Sheets - xxx")).toBe(true);
    expect(name.endsWith("\u2026")).toBe(true);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const name = suggestedTokenName("Excel", "\u{1F4CA}".repeat(80));
    expect(name.length).toBeLessThanOrEqual(TOKEN_NAME_MAX);
    expect(() => encodeURIComponent(name)).not.toThrow();
  });
});
