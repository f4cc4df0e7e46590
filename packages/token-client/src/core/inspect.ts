/**
 * Node's documented key for a custom `util.inspect`: Node's util docs ("util.inspect.custom") say
 * the symbol "is registered globally and can be accessed in any environment as
 * Symbol.for('nodejs.util.inspect.custom')", for code that also runs outside Node, as the Apps
 * Script bundle does (it has no `node:util`). A public API, not an internal. Clients and errors
 * answer it with their masked form: logging one never prints a token.
 */
export const INSPECT = Symbol.for("nodejs.util.inspect.custom");
