import { type ColumnType, formatSort, type SortKey, type TableSchema } from "@layer/contracts";
import { asTextSql, columnSql, type Params } from "./column-sql.js";

/** One ORDER BY term; the table's key (`key_num, key_text`) always ends the order, so it is total. */
interface Term {
  sql: string;
  type: ColumnType;
  descending: boolean;
  nullable: boolean;
}

/** Where the previous page ended: the sort values (as text, null for a null cell) and the key. */
export interface SortPosition {
  values: (string | null)[];
  keyNum: string;
  keyText: string;
}

/**
 * How rows are ordered and where a page starts (keyset paging): `(sort values, key)` of the last
 * row served. Rows added while a client pages land before or after that position and never shift
 * the pages still to come, unlike an offset.
 */
export class SortPlan {
  readonly terms: Term[] = [];
  readonly keyDescending: boolean;
  /** The canonical sort text; a cursor made for another sort is refused. */
  readonly signature: string;

  constructor(keys: readonly SortKey[], table: Pick<TableSchema, "primaryKey">) {
    let keyDescending: boolean | undefined;
    for (const k of keys) {
      // Sorting by the primary key is sorting by the stored key: its own index, and nothing after it matters.
      if (k.column.name === table.primaryKey) {
        keyDescending = k.descending;
        break;
      }
      this.terms.push({
        sql: columnSql(k.column),
        type: k.column.type,
        descending: k.descending,
        nullable: k.column.nullable,
      });
    }
    this.keyDescending = keyDescending ?? this.terms[0]?.descending ?? false;
    this.signature = formatSort(keys);
  }

  /** Nulls first ascending and last descending, as OData orders them. */
  orderBy(): string {
    const key = this.keyDescending ? "DESC" : "ASC";
    return [
      ...this.terms.map((t) => `${t.sql} ${t.descending ? "DESC NULLS LAST" : "ASC NULLS FIRST"}`),
      `key_num ${key}`,
      `key_text ${key}`,
    ].join(", ");
  }

  /** The select list that lets the last row of a page become a cursor. */
  positionColumns(): string {
    return this.terms.map((t, i) => `, ${asTextSql(t.sql, t.type)} AS s${i}`).join("");
  }

  positionOf(row: Record<string, unknown>): SortPosition {
    return {
      values: this.terms.map((_, i) => (row[`s${i}`] as string | null) ?? null),
      keyNum: row["k_num"] as string,
      keyText: row["k_text"] as string,
    };
  }

  /** The condition "after this position" in this order. */
  after(position: SortPosition, params: Params): string {
    const keyOp = this.keyDescending ? "<" : ">";
    const keyAfter = () =>
      `(key_num, key_text) ${keyOp} (${params.add(position.keyNum, "number")}, ${params.add(position.keyText, "string")})`;
    const sameDirection = this.terms.every((t) => t.descending === this.keyDescending);
    const noNulls = this.terms.every((t, i) => !t.nullable && position.values[i] !== null);
    if (sameDirection && noNulls) {
      // One row comparison: a B-tree on (sort column, key_num, key_text) starts the page by itself.
      const left = [...this.terms.map((t) => t.sql), "key_num", "key_text"].join(", ");
      const right = [
        ...this.terms.map((t, i) => params.add(position.values[i], t.type)),
        params.add(position.keyNum, "number"),
        params.add(position.keyText, "string"),
      ].join(", ");
      return `((${left}) ${keyOp} (${right}))`;
    }
    // Mixed directions or nulls: after = beyond on the first differing term, equal on those before.
    const alternatives: string[] = [];
    const equalSoFar: string[] = [];
    this.terms.forEach((t, i) => {
      const v = position.values[i] ?? null;
      const p = v === null ? null : params.add(v, t.type);
      const beyond =
        p === null
          ? t.descending
            ? "FALSE"
            : `${t.sql} IS NOT NULL`
          : t.descending
            ? `(${t.sql} < ${p} OR ${t.sql} IS NULL)`
            : `${t.sql} > ${p}`;
      alternatives.push(`(${[...equalSoFar, beyond].join(" AND ")})`);
      equalSoFar.push(p === null ? `${t.sql} IS NULL` : `${t.sql} = ${p}`);
    });
    alternatives.push(`(${[...equalSoFar, keyAfter()].join(" AND ")})`);
    return `(${alternatives.join(" OR ")})`;
  }
}
