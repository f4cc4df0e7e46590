import { describe, expect, it } from "vitest";
import { ODataError } from "../odata/errors.js";
import { locateService } from "./app.js";

describe("where a request's path says the OData service is", () => {
  it("serves every organization at /odata and one at /organizations/<id>/odata", () => {
    expect(locateService("/odata")).toEqual({ organization: null, root: "/odata", rest: "" });
    expect(locateService("/odata/$metadata")).toEqual({ organization: null, root: "/odata", rest: "$metadata" });
    expect(locateService("/organizations/org_acme/odata/Acme_Tower_Orders")).toEqual({
      organization: "org_acme",
      root: "/organizations/org_acme/odata",
      rest: "Acme_Tower_Orders",
    });
    expect(locateService("/organizations/org_acme/odata")).toMatchObject({ organization: "org_acme", rest: "" });
  });

  it("is no service anywhere else", () => {
    for (const path of ["/", "/odatax", "/organizations", "/organizations/org_acme", "/organizations/org_acme/x"]) {
      expect(locateService(path)).toBeNull();
    }
  });

  it("refuses an organization id that cannot be one, with a 400", () => {
    for (const path of [
      "/organizations/org%20acme/odata",
      "/organizations/%E2%9C%93/odata",
      "/organizations/%/odata",
    ]) {
      expect(() => locateService(path)).toThrow(ODataError);
    }
  });
});
