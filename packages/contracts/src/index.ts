export * from "./errors.js";
export * from "./tokens.js";
export * from "./whoami.js";
export * from "./projects.js";
export * from "./headers.js";
export * from "./session.js";
export * from "./filter/index.js";
export * from "./text.js";
