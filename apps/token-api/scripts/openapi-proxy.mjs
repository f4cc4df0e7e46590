// Prism as a validating proxy in front of a running API: each request and each response is
// checked against the API's own /openapi.json, and a mismatch is an error (`--errors`) and a log
// line. Send clients (curl, a connector) to the proxy's URL instead of the API's.
//
//   npm run openapi:proxy -w apps/token-api
//   LAYER_API_URL   the running API (default http://127.0.0.1:8787)
//   PRISM_PORT      where the proxy listens (default 4010, on 127.0.0.1)
//   OPENAPI_URL     the document to check against (default <LAYER_API_URL>/openapi.json)
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const api = (process.env.LAYER_API_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const port = process.env.PRISM_PORT ?? "4010";
const document = process.env.OPENAPI_URL ?? `${api}/openapi.json`;
const prism = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");

const child = spawn(
  process.execPath,
  [prism, "proxy", document, api, "--host", "127.0.0.1", "--port", port, "--errors"],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
