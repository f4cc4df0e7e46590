/** The few DOM helpers the pane needs; no UI framework (a small bundle loads fast in every Office webview). */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The task pane has no #${id}.`);
  return found as T;
}

export type Tone = "ok" | "warning" | "error" | "";

export function say(id: string, text: string, tone: Tone = ""): void {
  const target = byId(id);
  target.textContent = text;
  target.className = `status ${tone}`.trim();
}

export function show(id: string, visible: boolean): void {
  byId(id).hidden = !visible;
}

export function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  return o;
}

/**
 * Replaces a list's options, keeping the user's choice when it is still offered: a list reloaded
 * while the user was choosing (a refresh, a slow answer) must not undo the choice.
 */
export function setOptions(select: HTMLSelectElement, options: HTMLOptionElement[]): void {
  const chosen = select.value;
  select.replaceChildren(...options);
  if (options.some((o) => o.value === chosen)) select.value = chosen;
}

/** Disables a button while its work runs, so a double click never starts two imports. */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = false;
  }
}
