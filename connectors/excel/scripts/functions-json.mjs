// functions.json from the JSDoc of the custom functions, by Microsoft's own generator
// (custom-functions-metadata; it needs `typescript`, installed at the root).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export async function generateFunctionsJson(sourceFile) {
  const { generateCustomFunctionsMetadata } = require("custom-functions-metadata");
  const result = await generateCustomFunctionsMetadata(sourceFile, false);
  if (result.errors.length > 0) throw new Error(`custom-functions-metadata: ${result.errors.join("; ")}`);
  return `${result.metadataJson.trim()}\n`;
}
