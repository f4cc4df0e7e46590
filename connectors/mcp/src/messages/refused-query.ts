// The API's 400 for a filter, sort or cursor of query_rows, worded so that an agent can fix its
// call: which parameter, the character and the problem, the text with a pointer under that
// character, and where to look (describe_table for the columns and their types).

interface Issue {
  path: string;
  message: string;
}

/** A tool error for a refused filter, sort or cursor; null for any other refusal. */
export function explainRefusedQuery(
  error: unknown,
  request: { filter?: string; sort?: string } | undefined,
): string | null {
  const issue = firstIssue(error);
  if (!issue) return null;
  if (issue.path === "query.cursor") {
    if (/another sort/.test(issue.message)) {
      return "The Layer API refused the cursor: it was made for another sort. Send the cursor without filter and sort (it carries its own), or call query_rows without a cursor to start from the first row.";
    }
    return `The Layer API refused the cursor: ${issue.message}. Pass nextCursor exactly as query_rows gave it for this table, or call query_rows without a cursor to start from the first row.`;
  }
  if (issue.path !== "query.filter" && issue.path !== "query.sort") return null;
  const parameter = issue.path === "query.filter" ? "filter" : "sort";
  const position = positionOf(error);
  const text = request?.[parameter];
  if (position === null || text === undefined) {
    // Not a syntax or type problem (a read stopped by the API's statement timeout): its message says what to change.
    return `The Layer API could not run this ${parameter}: ${issue.message}.`;
  }
  const problem = issue.message.replace(/^character \d+:\s*/, "");
  const help =
    parameter === "filter"
      ? "Fix the filter and call query_rows again: describe_table lists the columns and their types; text goes in single quotes, dates as 2025-01-31, and both sides of a comparison have the same type."
      : 'Fix the sort and call query_rows again: column names as describe_table lists them, each optionally followed by asc or desc, comma-separated ("amount desc, customer").';
  return `The ${parameter} is not valid at character ${position}: ${problem}.\n${pointer(text, position)}\n${help}`;
}

/** The text around the character, on one line, with a caret under it. */
export function pointer(text: string, position: number, width = 72): string {
  const flat = text.replace(/[\r\n\t]/g, " ");
  const at = Math.min(Math.max(position - 1, 0), flat.length);
  const start = Math.max(0, Math.min(at - Math.floor(width / 2), flat.length - width));
  const end = Math.min(flat.length, start + width);
  const lead = start > 0 ? "…" : "";
  const tail = end < flat.length ? "…" : "";
  return `  ${lead}${flat.slice(start, end)}${tail}\n  ${" ".repeat(lead.length + at - start)}^`;
}

function firstIssue(error: unknown): Issue | null {
  const issues = typeof error === "object" && error !== null ? (error as { issues?: unknown }).issues : undefined;
  const first = Array.isArray(issues) ? (issues[0] as Partial<Issue> | undefined) : undefined;
  if (!first || typeof first.path !== "string" || typeof first.message !== "string") return null;
  return { path: first.path, message: first.message.replace(/\.$/, "") };
}

function positionOf(error: unknown): number | null {
  const details = typeof error === "object" && error !== null ? (error as { details?: unknown }).details : undefined;
  const position =
    typeof details === "object" && details !== null ? (details as { position?: unknown }).position : undefined;
  return typeof position === "number" && Number.isInteger(position) && position >= 1 ? position : null;
}
