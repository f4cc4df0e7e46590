// What to tell a person about the token and a failed call: decided here once, worded by each connector.
export { accountUrl, type ConnectorTool, createTokenUrl, suggestedTokenName, TOKEN_NAME_MAX } from "./account-links.js";
export {
  classifyFailure,
  type FailureContext,
  type FailureGuidance,
  type FailureKind,
  type FailureTopic,
  KIND_OF_TOPIC,
} from "./classify-failure.js";
export { daysLeft, timeLeft } from "./days-left.js";
export { type MissingScope, missingScope } from "./missing-scope.js";
export { unknownOrganization } from "./unknown-organization.js";
export { DEFAULT_WAIT_MS, defaultWaitMs } from "./default-waits.js";
export { maskKeyId } from "./display-mask.js";
export { type FailingToken, failingToken } from "./failing-token.js";
export {
  type RotationAdviceInput,
  type RotationAdviceView,
  type RotationReason,
  rotationAdvice,
} from "./rotation-advice.js";
