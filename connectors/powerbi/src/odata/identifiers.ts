/**
 * OData SimpleIdentifier (CSDL XML 4.01 §17.2): a letter or underscore, then letters, digits or
 * underscores, at most 128 characters. Project, table and column names are free text, so each
 * becomes an identifier, unique in its scope.
 */
const SIMPLE_IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}$/u;

export function isSimpleIdentifier(name: string): boolean {
  return SIMPLE_IDENTIFIER.test(name);
}

export function toIdentifier(name: string): string {
  let identifier = name
    .normalize("NFKC")
    .replace(/[^\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
  if (identifier === "") identifier = "_";
  if (!/^[\p{L}\p{Nl}_]/u.test(identifier)) identifier = `_${identifier}`;
  return identifier.slice(0, 120);
}

/** Hands out identifiers unique in one scope (entity sets of a container, properties of a type). */
export class IdentifierScope {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    const base = toIdentifier(name);
    let candidate = base;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
    // Case-insensitive: Power BI's navigator and some clients fold case.
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
