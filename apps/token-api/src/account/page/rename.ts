import type { TokenSummary } from "@layer/contracts";
import { api } from "./api.js";
import { announce, describe, showAlert } from "./messages.js";
import { refreshTokens } from "./refresh.js";

/** Renames a token in place: its name cell becomes a small form until saved or cancelled. */
export function startRename(tr: HTMLTableRowElement, token: TokenSummary): void {
  const cell = tr.querySelector<HTMLElement>("td.name")!;
  const previous = [...cell.childNodes];
  const form = document.createElement("form");
  form.className = "rename-form";
  const label = document.createElement("label");
  label.className = "sr-only";
  label.htmlFor = `rename-${token.keyId}`;
  label.textContent = `New name for ${token.name}`;
  const input = document.createElement("input");
  input.id = `rename-${token.keyId}`;
  input.maxLength = 100;
  input.required = true;
  input.value = token.name;
  const save = document.createElement("button");
  save.type = "submit";
  save.className = "primary";
  save.textContent = "Save";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  form.append(label, input, save, cancel);
  cell.replaceChildren(form);
  input.focus();
  input.select();

  const restore = () => {
    cell.replaceChildren(...previous);
    tr.querySelector<HTMLElement>("button.rename")?.focus();
  };
  cancel.addEventListener("click", restore);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      restore();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return showAlert("A token's name cannot be empty.");
    if (name === token.name) return restore();
    save.disabled = true;
    try {
      await api("PATCH", `/v1/tokens/${encodeURIComponent(token.keyId)}`, { name });
      showAlert("");
      announce(`Renamed to “${name}”. The token itself is unchanged.`);
      await refreshTokens();
      document.querySelector<HTMLElement>(`tr[data-key-id="${CSS.escape(token.keyId)}"] button.rename`)?.focus();
    } catch (err) {
      save.disabled = false;
      showAlert(describe(err));
    }
  });
}
