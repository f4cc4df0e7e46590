import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Outcome } from "../layer/layer-session.js";

/** Every tool only reads: clients may call them without asking the user each time. */
export const READ_ONLY = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

/** Present on every tool's output while the token is close to expiry. */
export const noticeField = {
  notice: z.string().optional().describe("Set while the Layer token is close to expiry: what to do, in one line."),
};

/**
 * A tool's answer: the one-line summary first (what a person or a model reads at a glance), the
 * structured result as JSON text too for clients that ignore structuredContent, and the expiry
 * notice when there is one.
 */
export function answer(summary: string, structured: Record<string, unknown>, notice: string | null): CallToolResult {
  const data = notice ? { ...structured, notice } : structured;
  const content: CallToolResult["content"] = [
    { type: "text", text: summary },
    { type: "text", text: JSON.stringify(data) },
  ];
  if (notice) content.push({ type: "text", text: notice });
  return { content, structuredContent: data };
}

/** A tool error (isError): the agent reads what went wrong and what to do, and may tell its user. */
export function refusal(text: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text }] };
}

/** The answer for an outcome: the tool's own on success, the failure's words otherwise. */
export function respond<T>(
  outcome: Outcome<T>,
  onSuccess: (value: T) => { summary: string; structured: Record<string, unknown> },
): CallToolResult {
  if (!outcome.ok) return refusal(outcome.failure.text);
  const { summary, structured } = onSuccess(outcome.value);
  return answer(summary, structured, outcome.notice);
}
