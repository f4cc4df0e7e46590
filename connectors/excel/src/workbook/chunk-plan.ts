import { WorkbookLimitError } from "./excel-limits.js";
import { ACTION_ENVELOPE_BYTES, rowBytes } from "./request-size.js";

export interface Chunk {
  /** First row (0-based, into the rows array). */
  from: number;
  /** One past the last row. */
  to: number;
  /** What the request carrying this chunk weighs, by the writer's count. */
  bytes: number;
}

/**
 * Splits rows into chunks that each fit one request of `budgetBytes`: a chunk's request carries
 * the suspend-calculation call and one values write (its rows as JSON), so a wide or wordy table
 * gets fewer rows per chunk and a narrow one more. A single row over the budget is refused.
 */
export function planChunks(rows: readonly (readonly unknown[])[], budgetBytes: number): Chunk[] {
  const fixed = 2 * ACTION_ENVELOPE_BYTES + 2;
  const chunks: Chunk[] = [];
  let from = 0;
  let bytes = fixed;
  for (let i = 0; i < rows.length; i += 1) {
    const size = rowBytes(rows[i]!);
    if (fixed + size > budgetBytes) {
      throw new WorkbookLimitError(
        `Row ${(i + 1).toLocaleString("en-US")} alone is ${(size / 1_000_000).toFixed(1)} MB as sent to Excel, more than one request may carry. Choose fewer fields.`,
      );
    }
    if (bytes + size > budgetBytes) {
      chunks.push({ from, to: i, bytes });
      from = i;
      bytes = fixed;
    }
    bytes += size;
  }
  if (from < rows.length) chunks.push({ from, to: rows.length, bytes });
  return chunks;
}
