// The import form's "which rows" part: conditions (column, operator, value; add and remove rows)
// and a sort, turned into the API's filter and sort by the contract's builder core. Plain form
// controls, each labelled, so the keyboard and screen readers work as everywhere else.
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

type El = (
  tag: string,
  attrs?: Record<string, string | boolean | ((e: Event) => void)>,
  ...c: Array<Node | string | null>
) => HTMLElement;

export interface RowChoice {
  filter: string;
  sort: string;
}

export function conditionBuilder(el: El) {
  let columns: Column[] = [];
  const list = el("div", { id: "conditions", class: "conditions" });
  const join = el(
    "select",
    { id: "condition-join" },
    el("option", { value: "and" }, "all conditions"),
    el("option", { value: "or" }, "any condition"),
  ) as HTMLSelectElement;
  const add = el(
    "button",
    { type: "button", class: "secondary", id: "add-condition", disabled: true },
    "Add condition",
  ) as HTMLButtonElement;
  const sortColumn = el("select", { id: "sort-column", disabled: true }) as HTMLSelectElement;
  const sortOrder = el(
    "select",
    { id: "sort-order", "aria-label": "Sort direction" },
    el("option", { value: "asc" }, "ascending"),
    el("option", { value: "desc" }, "descending"),
  ) as HTMLSelectElement;

  function row(): HTMLElement {
    const column = el(
      "select",
      { "aria-label": "Column", class: "condition-column" },
      ...columns.map((c) => el("option", { value: c.name }, c.name)),
    ) as HTMLSelectElement;
    const op = el("select", { "aria-label": "Operator", class: "condition-op" }) as HTMLSelectElement;
    const value = el("input", { type: "text", "aria-label": "Value", class: "condition-value" }) as HTMLInputElement;
    const fit = () => {
      const chosen = columns.find((c) => c.name === column.value);
      if (!chosen) return;
      const keep = op.value;
      const ops = operatorsFor(chosen);
      op.replaceChildren(
        ...ops.map((o) => el("option", { value: o }, CONDITION_OPERATORS.find((x) => x.op === o)?.label ?? o)),
      );
      if (ops.includes(keep as FilterCondition["op"])) op.value = keep;
      value.placeholder = CONDITION_VALUE_HINT[chosen.type];
      value.hidden = op.value === "isnull" || op.value === "notnull";
    };
    column.addEventListener("change", fit);
    op.addEventListener("change", () => {
      value.hidden = op.value === "isnull" || op.value === "notnull";
    });
    const line = el(
      "div",
      { class: "condition", role: "group", "aria-label": "Condition" },
      column,
      op,
      value,
      el(
        "button",
        {
          type: "button",
          class: "secondary",
          "aria-label": "Remove this condition",
          click: () => {
            line.remove();
            join.hidden = list.children.length < 2;
            add.focus();
          },
        },
        "✕",
      ),
    );
    fit();
    return line;
  }

  add.addEventListener("click", () => {
    const line = row();
    list.append(line);
    join.hidden = list.children.length < 2;
    (line.querySelector("select") as HTMLSelectElement).focus();
  });
  join.hidden = true;

  const element = el(
    "fieldset",
    { class: "rows-choice" },
    el("legend", {}, "Rows"),
    el("label", { for: "condition-join" }, "Keep rows matching"),
    join,
    list,
    add,
    el("label", { for: "sort-column" }, "Sort by"),
    el("div", { class: "condition" }, sortColumn, sortOrder),
  );

  return {
    element,
    /** A new table: its columns feed the pickers, earlier conditions go. */
    setColumns(chosen: Column[]): void {
      columns = chosen;
      list.replaceChildren();
      join.hidden = true;
      add.disabled = columns.length === 0;
      sortColumn.disabled = columns.length === 0;
      sortColumn.replaceChildren(
        el("option", { value: "" }, "the table's key"),
        ...columns.map((c) => el("option", { value: c.name }, c.name)),
      );
    },
    /** The filter and sort to save, or a ConditionError naming the row at fault (marked and focused). */
    choice(): RowChoice {
      const lines = Array.from(list.children) as HTMLElement[];
      for (const l of lines) l.querySelector(".condition-value")?.removeAttribute("aria-invalid");
      const conditions: FilterCondition[] = lines.map((l) => ({
        column: (l.querySelector(".condition-column") as HTMLSelectElement).value,
        op: (l.querySelector(".condition-op") as HTMLSelectElement).value as FilterCondition["op"],
        value: (l.querySelector(".condition-value") as HTMLInputElement).value,
      }));
      try {
        return {
          filter: filterFromConditions(conditions, columns, join.value === "or" ? "or" : "and"),
          sort: sortFromChoice(sortColumn.value, sortOrder.value === "desc"),
        };
      } catch (error) {
        if (error instanceof ConditionError) {
          const input = lines[error.condition - 1]?.querySelector(".condition-value") as HTMLInputElement | null;
          input?.setAttribute("aria-invalid", "true");
          input?.focus();
        }
        throw error;
      }
    },
  };
}
