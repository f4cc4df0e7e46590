/** What a create link (`?create=1&name=…&expires=…&env=…`) asks for; connectors send users here. */
export interface CreateRequest {
  name: string;
  expiresIn: string;
  env: "live" | "test";
}

const EXPIRIES = ["30d", "90d", "1y", "never"];

export function readCreateLink(): CreateRequest | null {
  const params = new URLSearchParams(location.search);
  if (params.get("create") !== "1") return null;
  const expires = params.get("expires");
  return {
    name: (params.get("name") ?? "").slice(0, 100),
    expiresIn: expires !== null && EXPIRIES.includes(expires) ? expires : "90d",
    env: params.get("env") === "test" ? "test" : "live",
  };
}
