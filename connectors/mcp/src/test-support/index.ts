export { connectStdio, STDIO_ENTRY, textOf, type StdioConnection } from "./stdio-client.js";
