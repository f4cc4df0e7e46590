import { type CompareOp, FILTER_LIMITS, FilterError, type FilterNode, type Literal, type ValueNode } from "./ast.js";

/**
 * The filter language's grammar, OData `$filter` style so that a `$filter` can be handed on
 * nearly word for word:
 *
 *   filter  := or
 *   or      := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" unary | "(" or ")" | value [op value | "in" "(" literal ("," literal)* ")"]
 *   value   := literal | column | name "(" value ("," value)* ")"
 *
 * Columns are bare names (`region`) or double-quoted (`"Order Date"`, `""` for a quote inside).
 */
type Token =
  | { t: "word"; text: string; at: number }
  | { t: "quoted"; text: string; at: number }
  | { t: "punct"; text: "(" | ")" | ","; at: number }
  | { t: "literal"; literal: Literal; at: number }
  | { t: "end"; at: number };

const COMPARE_OPS = new Set<string>(["eq", "ne", "gt", "ge", "lt", "le"]);
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w:])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;

export function parseFilter(source: string): FilterNode {
  if (source.length > FILTER_LIMITS.maxLength)
    throw new FilterError(
      FILTER_LIMITS.maxLength + 1,
      `the filter is longer than ${FILTER_LIMITS.maxLength} characters`,
    );
  return new Parser(tokenize(source)).parseFilter();
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    const at = i + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ t: "punct", text: ch, at });
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const { text, end } = readQuoted(source, i);
      tokens.push(
        ch === "'"
          ? { t: "literal", literal: { kind: "literal", type: "string", value: text, at }, at }
          : { t: "quoted", text, at },
      );
      i = end;
      continue;
    }
    const rest = source.slice(i, i + 64);
    const dt = DATETIME.exec(rest);
    if (dt) {
      checkCalendar(dt[0], at);
      tokens.push({ t: "literal", literal: { kind: "literal", type: "datetime", value: dt[0], at }, at });
      i += dt[0].length;
      continue;
    }
    const d = DATE.exec(rest);
    if (d) {
      checkCalendar(d[0], at);
      tokens.push({ t: "literal", literal: { kind: "literal", type: "date", value: d[0], at }, at });
      i += d[0].length;
      continue;
    }
    const n = NUMBER.exec(rest);
    if (n) {
      if (n[0].length > 40) throw new FilterError(at, "a number has more than 40 characters");
      const magnitude = Math.abs(Number(n[0]));
      // Beyond a double's range the API and every client would disagree about what it means.
      if (
        !Number.isFinite(magnitude) ||
        (magnitude !== 0 && (magnitude < 1e-300 || magnitude > 1e300)) ||
        (magnitude === 0 && /[1-9]/.test(n[0].split(/[eE]/)[0]!))
      )
        throw new FilterError(at, `the number ${n[0]} is out of range`);
      tokens.push({ t: "literal", literal: { kind: "literal", type: "number", value: n[0], at }, at });
      i += n[0].length;
      continue;
    }
    const w = WORD.exec(source.slice(i, i + 200));
    if (w) {
      const text = w[0];
      if (text === "true" || text === "false")
        tokens.push({ t: "literal", literal: { kind: "literal", type: "boolean", value: text === "true", at }, at });
      else if (text === "null")
        tokens.push({ t: "literal", literal: { kind: "literal", type: "null", value: null, at }, at });
      else tokens.push({ t: "word", text, at });
      i += text.length;
      continue;
    }
    throw new FilterError(at, `unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ t: "end", at: source.length + 1 });
  return tokens;
}

/** A quoted run with the quote doubled inside it (`'O''Brien'`). */
function readQuoted(source: string, start: number): { text: string; end: number } {
  const quote = source[start]!;
  let text = "";
  let i = start + 1;
  for (;;) {
    const next = source.indexOf(quote, i);
    if (next < 0)
      throw new FilterError(
        start + 1,
        quote === "'" ? "a text value has no closing quote" : "a column name has no closing quote",
      );
    text += source.slice(i, next);
    if (source[next + 1] === quote) {
      text += quote;
      i = next + 2;
      continue;
    }
    return { text, end: next + 1 };
  }
}

/** 2024-02-30 looks like a date and is none: say so instead of letting the database fail. */
function checkCalendar(text: string, at: number): void {
  const [y, m, d] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const valid =
    m >= 1 && m <= 12 && day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
  if (!valid || (text.length > 10 && Number.isNaN(Date.parse(text))))
    throw new FilterError(at, `${text} is not a real ${text.length > 10 ? "date and time" : "date"}`);
  if (text.length > 10) {
    const [h, min, s] = text.slice(11, 19).split(":").map(Number) as [number, number, number | undefined];
    if (h > 23 || min > 59 || (s ?? 0) > 59) throw new FilterError(at, `${text} is not a real time of day`);
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  private conditions = 0;
  constructor(private readonly tokens: Token[]) {}

  parseFilter(): FilterNode {
    const node = this.parseOr();
    const next = this.peek();
    if (next.t !== "end")
      throw new FilterError(next.at, `expected "and", "or" or the end of the filter, found ${describe(next)}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private take(): Token {
    return this.tokens[this.i++]!;
  }
  private isWord(text: string): boolean {
    const t = this.peek();
    return t.t === "word" && t.text === text;
  }
  private expectPunct(text: "(" | ")" | ",", what: string): void {
    const t = this.take();
    if (t.t !== "punct" || t.text !== text) throw new FilterError(t.at, `expected ${what}, found ${describe(t)}`);
  }
  private enter(at: number): void {
    if (++this.depth > FILTER_LIMITS.maxDepth)
      throw new FilterError(at, `the filter nests deeper than ${FILTER_LIMITS.maxDepth} levels`);
  }
  private condition(at: number): void {
    if (++this.conditions > FILTER_LIMITS.maxConditions)
      throw new FilterError(at, `the filter has more than ${FILTER_LIMITS.maxConditions} conditions`);
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord("or")) {
      const at = this.take().at;
      left = { kind: "or", left, right: this.parseAnd(), at };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isWord("and")) {
      const at = this.take().at;
      left = { kind: "and", left, right: this.parseUnary(), at };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const t = this.peek();
    if (t.t === "word" && t.text === "not") {
      this.take();
      this.enter(t.at);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: "not", operand, at: t.at };
    }
    if (t.t === "punct" && t.text === "(") {
      this.take();
      this.enter(t.at);
      const inner = this.parseOr();
      this.expectPunct(")", 'a closing ")"');
      this.depth--;
      return inner;
    }
    if (t.t === "end") throw new FilterError(t.at, "the filter ends where a condition was expected");
    const value = this.parseValue();
    const next = this.peek();
    this.condition(value.at);
    if (next.t === "word" && COMPARE_OPS.has(next.text)) {
      this.take();
      return { kind: "compare", op: next.text as CompareOp, left: value, right: this.parseValue(), at: next.at };
    }
    if (next.t === "word" && next.text === "in") {
      this.take();
      return { kind: "in", value, list: this.parseList(), at: next.at };
    }
    if (next.t === "word" && /^(eq|ne|gt|ge|lt|le|in)$/i.test(next.text))
      throw new FilterError(next.at, `operators are lower case: write "${next.text.toLowerCase()}"`);
    if (next.t === "word" && !["and", "or"].includes(next.text))
      throw new FilterError(next.at, `unknown operator "${next.text}" (use eq, ne, gt, ge, lt, le or in)`);
    return { kind: "test", value, at: value.at };
  }

  private parseList(): Literal[] {
    this.expectPunct("(", 'a "(" opening the list of values');
    const list: Literal[] = [];
    for (;;) {
      const t = this.take();
      if (t.t !== "literal") throw new FilterError(t.at, `an "in" list holds only values, found ${describe(t)}`);
      list.push(t.literal);
      if (list.length > FILTER_LIMITS.maxInList)
        throw new FilterError(t.at, `an "in" list holds at most ${FILTER_LIMITS.maxInList} values`);
      const sep = this.take();
      if (sep.t === "punct" && sep.text === ")") return list;
      if (sep.t !== "punct" || sep.text !== ",")
        throw new FilterError(sep.at, `expected "," or ")", found ${describe(sep)}`);
    }
  }

  private parseValue(): ValueNode {
    const t = this.take();
    if (t.t === "literal") return t.literal;
    if (t.t === "quoted") return { kind: "column", name: t.text, at: t.at };
    if (t.t === "word") {
      const next = this.peek();
      if (next.t !== "punct" || next.text !== "(") {
        if (["and", "or", "not", "in", ...COMPARE_OPS].includes(t.text))
          throw new FilterError(t.at, `expected a column or a value, found "${t.text}"`);
        return { kind: "column", name: t.text, at: t.at };
      }
      this.take();
      this.enter(t.at);
      const args: ValueNode[] = [];
      if (!(this.peek().t === "punct" && (this.peek() as { text: string }).text === ")")) {
        for (;;) {
          args.push(this.parseValue());
          const sep = this.take();
          if (sep.t === "punct" && sep.text === ")") break;
          if (sep.t !== "punct" || sep.text !== ",")
            throw new FilterError(sep.at, `expected "," or ")" in the call to ${t.text}, found ${describe(sep)}`);
        }
      } else this.take();
      this.depth--;
      return { kind: "call", name: t.text, args, at: t.at };
    }
    throw new FilterError(t.at, `expected a column or a value, found ${describe(t)}`);
  }
}

function describe(t: Token): string {
  switch (t.t) {
    case "end":
      return "the end of the filter";
    case "punct":
      return `"${t.text}"`;
    case "word":
      return `"${t.text.slice(0, 40)}"`;
    case "quoted":
      return `the column "${t.text.slice(0, 40)}"`;
    case "literal":
      return `the value ${t.literal.type === "string" ? `'${t.literal.value.slice(0, 40)}'` : String(t.literal.value)}`;
  }
}
