// The generated footer of Code.js: one top-level function per entry point. Apps Script calls
// only top-level functions (menus, triggers, google.script.run, formulas), and esbuild strips
// comments, so the JSDoc that makes LAYER_TABLE a documented custom function is written here.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function jsdoc(entry) {
  const lines = [entry.description];
  for (const p of entry.params) {
    lines.push(`@param {${p.type}} ${p.optional ? `[${p.name}]` : p.name} ${p.description}`);
  }
  if (entry.returns) lines.push(`@return ${entry.returns}`);
  if (entry.customFunction) lines.push("@customfunction");
  return ["/**", ...lines.map((l) => ` * ${l.replace(/\*\//g, "* /")}`), " */"].join("\n");
}

export function stubs(entries, globalName) {
  return entries
    .map((entry) => {
      for (const name of [entry.name, ...entry.params.map((p) => p.name)]) {
        if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
      }
      const args = entry.params.map((p) => p.name).join(", ");
      return `${jsdoc(entry)}\nfunction ${entry.name}(${args}) {\n  return ${globalName}.${entry.name}(${args});\n}`;
    })
    .join("\n\n");
}
