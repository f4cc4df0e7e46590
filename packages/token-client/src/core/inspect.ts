/**
 * Node's documented key for a custom `util.inspect` (`util.inspect.custom` is this very symbol),
 * taken from the global registry so the Apps Script bundle needs no `node:util`. Clients and errors
 * answer it with their masked form: logging one never prints a token.
 */
export const INSPECT = Symbol.for("nodejs.util.inspect.custom");
