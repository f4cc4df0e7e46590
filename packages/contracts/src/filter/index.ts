export * from "./ast.js";
export * from "./check.js";
export * from "./evaluate.js";
export * from "./parse.js";
export * from "./sort.js";
export * from "./format.js";
export * from "./conditions.js";
