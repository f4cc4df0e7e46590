/**
 * A name or label as one line: control characters (a line break, a bell pasted from a cell)
 * become spaces, runs of spaces fold into one, the ends are trimmed. By char code rather than a
 * regular expression of control characters, which reads as a mistake.
 */
export function oneLine(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += code < 0x20 || code === 0x7f ? " " : text.charAt(i);
  }
  return out.replace(/\s+/g, " ").trim();
}
