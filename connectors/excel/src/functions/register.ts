import { layerTable, layerToken } from "./functions.js";

/**
 * Without webpack's custom-functions plugin nothing wires the ids in functions.json to code, so
 * the entry point does it (docs/hosts.md). The ids must match the @customfunction tags.
 */
export function associateLayerFunctions(): void {
  CustomFunctions.associate("TABLE", layerTable);
  CustomFunctions.associate("TOKEN", layerToken);
}

/** The in-cell error Excel can show with a message: only #VALUE! and #N/A carry one. */
export function customFunctionsError(code: "#N/A" | "#VALUE!", message: string): CustomFunctions.Error {
  const errorCode =
    code === "#VALUE!" ? CustomFunctions.ErrorCode.invalidValue : CustomFunctions.ErrorCode.notAvailable;
  return new CustomFunctions.Error(errorCode, message.slice(0, 255));
}
