// The same stand-in office.js the browser tests load, run in Node (a vm context of its own), so
// the writer's unit-level tests and the benchmark meet the same Office.js rules as the pane.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";

const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "office-stand-in.js"), "utf8");

export function loadOfficeStandIn(config = {}) {
  const sandbox = createContext({ setTimeout, TextEncoder, console, __standInConfig: config });
  runInContext(source, sandbox, { filename: "office-stand-in.js" });
  return {
    Excel: sandbox.Excel,
    Office: sandbox.Office,
    OfficeExtension: sandbox.OfficeExtension,
    standIn: sandbox.__officeStandIn,
    run: (batch) => sandbox.Excel.run(batch),
  };
}
