// Token helpers alone, for bundles that only parse, mask or compare (no client, no errors).
export {
  exactTokenKeyId,
  parseToken,
  type ParsedToken,
  type ParseTokenOptions,
  type TokenEnv,
  type TokenParseResult,
  type TokenProblem,
} from "./token/parse-token.js";
export { maskToken } from "./token/mask-token.js";
export { tokensEqual } from "./token/tokens-equal.js";
