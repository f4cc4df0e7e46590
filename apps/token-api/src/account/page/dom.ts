/** The page's element with this id (the HTML defines every one the page uses). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** An input of the page, by id. */
export const inputById = (id: string): HTMLInputElement => byId<HTMLInputElement>(id);

/** A dialog of the page, by id. */
export const dialogById = (id: string): HTMLDialogElement => byId<HTMLDialogElement>(id);

/** A new element with its class and text: user data enters the DOM as text, never as HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  text = "",
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  return el;
}

/**
 * A table cell that names its column: on a phone the token tables stack each row as a card, and
 * the cell's label (shown by the style sheet) stands in for the hidden column header.
 */
export function labelledCell(label: string, className = "", text = ""): HTMLTableCellElement {
  const td = element("td", className, text);
  td.dataset["label"] = label;
  return td;
}

/** The value of the checked radio button of that name in the form, or "" when none is. */
export function checkedValue(form: HTMLElement, name: string): string {
  return form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? "";
}
