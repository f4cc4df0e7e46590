import type { ColumnType } from "@layer/contracts";
import { type ExcelCell, excelSerial } from "../src/workbook/cell-values.js";

/** The demo orders table's eight columns and rows shaped as the token API seeds them. */
export const ORDER_COLUMNS: { name: string; type: ColumnType }[] = [
  { name: "order_id", type: "number" },
  { name: "customer", type: "string" },
  { name: "region", type: "string" },
  { name: "amount", type: "number" },
  { name: "paid", type: "boolean" },
  { name: "order_date", type: "date" },
  { name: "updated_at", type: "datetime" },
  { name: "note", type: "string" },
];

const REGIONS = ["North", "South", "East", "West", "Central"];
const FIRST_DAY = excelSerial(Date.UTC(2024, 0, 1));

export function orderRows(count: number): ExcelCell[][] {
  const out: ExcelCell[][] = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const g = i + 1;
    out[i] = [
      g,
      `Customer ${String(((g * 7919) % 5000) + 1).padStart(4, "0")}`,
      REGIONS[g % 5]!,
      Math.round((g * 7907) % 100000) / 100,
      g % 3 !== 0,
      // Dates as the writer receives them: Excel serials (days since 1899-12-30).
      FIRST_DAY + (g % 731),
      FIRST_DAY + (g * 97) / 86_400,
      g % 10 === 0 ? "Rush delivery" : g % 17 === 0 ? "Gift wrap" : "",
    ];
  }
  return out;
}

/** `width` text columns of 20 characters each. */
export function textColumns(width: number): { name: string; type: ColumnType }[] {
  return Array.from({ length: width }, (_, i) => ({ name: `text_${i + 1}`, type: "string" as const }));
}

export function textRows(count: number, width: number): ExcelCell[][] {
  return Array.from({ length: count }, (_, r) =>
    Array.from({ length: width }, (_, c) => `r${r}c${c}`.padEnd(20, "x").slice(0, 20)),
  );
}
