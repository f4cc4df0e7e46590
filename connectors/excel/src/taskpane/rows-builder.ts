// The import form's "Rows" fieldset: conditions (column, an operator fitting its type, a value;
// add and remove) and a sort, written as the API's filter and sort by the contract's builder core.
// Native, labelled controls, so the keyboard and screen readers work in every Office webview.
import type { Column } from "@layer/contracts";
import {
  CONDITION_OPERATORS,
  CONDITION_VALUE_HINT,
  ConditionError,
  type FilterCondition,
  filterFromConditions,
  operatorsFor,
  sortFromChoice,
} from "@layer/contracts/filter";
import { byId, option } from "./dom.js";

let columns: Column[] = [];

const valueless = (op: string) => op === "isnull" || op === "notnull";

function labelled<T extends HTMLElement>(control: T, text: string): T {
  control.setAttribute("aria-label", text);
  return control;
}

function conditionRow(): HTMLElement {
  const line = document.createElement("div");
  line.className = "condition";
  line.setAttribute("role", "group");
  line.setAttribute("aria-label", "Condition");
  const column = labelled(document.createElement("select"), "Column");
  column.className = "condition-column";
  column.append(...columns.map((c) => option(c.name, c.name)));
  const op = labelled(document.createElement("select"), "Operator");
  op.className = "condition-op";
  const value = labelled(document.createElement("input"), "Value");
  value.className = "condition-value";
  const remove = labelled(document.createElement("button"), "Remove this condition");
  remove.type = "button";
  remove.className = "quiet";
  remove.textContent = "✕";
  const fit = () => {
    const chosen = columns.find((c) => c.name === column.value);
    if (!chosen) return;
    const before = op.value;
    const ops = operatorsFor(chosen);
    op.replaceChildren(...ops.map((o) => option(o, CONDITION_OPERATORS.find((x) => x.op === o)?.label ?? o)));
    if (ops.some((o) => o === before)) op.value = before;
    value.placeholder = CONDITION_VALUE_HINT[chosen.type];
    value.hidden = valueless(op.value);
  };
  column.addEventListener("change", fit);
  op.addEventListener("change", () => {
    value.hidden = valueless(op.value);
  });
  remove.addEventListener("click", () => {
    line.remove();
    syncJoin();
    byId("add-condition").focus();
  });
  line.append(column, op, value, remove);
  fit();
  return line;
}

/** "all / any" matters only from two conditions on. */
function syncJoin(): void {
  byId("condition-join-row").hidden = byId("conditions").children.length < 2;
}

/** A new table: its columns feed the pickers; earlier conditions and the sort go. */
export function setRowColumns(next: Column[]): void {
  columns = next;
  byId("conditions").replaceChildren();
  syncJoin();
  byId<HTMLButtonElement>("add-condition").disabled = columns.length === 0;
  byId<HTMLSelectElement>("sort-column").replaceChildren(
    option("", "the table's key"),
    ...columns.map((c) => option(c.name, c.name)),
  );
}

export function wireRowsBuilder(): void {
  byId("add-condition").addEventListener("click", () => {
    const line = conditionRow();
    byId("conditions").append(line);
    syncJoin();
    line.querySelector("select")?.focus();
  });
  syncJoin();
}

/** The filter and sort to save; a ConditionError names the condition at fault, which is marked and focused. */
export function rowsChoice(): { filter: string; sort: string } {
  const lines = [...byId("conditions").children] as HTMLElement[];
  const input = (l: HTMLElement) => l.querySelector<HTMLInputElement>(".condition-value")!;
  for (const l of lines) input(l).removeAttribute("aria-invalid");
  const conditions: FilterCondition[] = lines.map((l) => ({
    column: l.querySelector<HTMLSelectElement>(".condition-column")!.value,
    op: l.querySelector<HTMLSelectElement>(".condition-op")!.value as FilterCondition["op"],
    value: input(l).value,
  }));
  try {
    const join = byId<HTMLSelectElement>("condition-join").value === "or" ? "or" : "and";
    return {
      filter: filterFromConditions(conditions, columns, join),
      sort: sortFromChoice(
        byId<HTMLSelectElement>("sort-column").value,
        byId<HTMLSelectElement>("sort-order").value === "desc",
      ),
    };
  } catch (error) {
    const at = error instanceof ConditionError ? lines[error.condition - 1] : undefined;
    if (at) {
      input(at).setAttribute("aria-invalid", "true");
      input(at).focus();
    }
    throw error;
  }
}
