import { TOKEN_FORMAT } from "@layer/contracts/token-format";

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A deterministic token of the contract's shape; `seed` varies it. */
export function makeToken(seed = 1, env: "live" | "test" = "live"): { token: string; keyId: string; secret: string } {
  let x = seed * 2654435761;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  let keyId = "";
  for (let i = 0; i < TOKEN_FORMAT.keyIdLength; i++)
    keyId += TOKEN_FORMAT.keyIdAlphabet.charAt(Math.floor(next() * 32));
  let secret = "";
  for (let i = 0; i < TOKEN_FORMAT.secretLength; i++) secret += B64URL.charAt(Math.floor(next() * 64));
  return { token: `lp_${env}_${keyId}_${secret}`, keyId, secret };
}

export const LEGACY_TOKEN = `layer_${"0123456789abcdef".repeat(4)}`;
