export { createProxy, SERVICE_PATH } from "./proxy/app.js";
export { startProxy, type RunningProxy, type StartProxyOptions } from "./proxy/server-control.js";
export type { ProxyOptions, LogLine } from "./proxy/options.js";
