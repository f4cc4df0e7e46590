import type { CreatedToken } from "@layer/contracts";
import { api } from "./api.js";
import { byId, dialogById, inputById } from "./dom.js";
import { describe, fieldError } from "./messages.js";
import { loadTokens } from "./token-list.js";

/** What a create link (`?create=1&name=…&expires=…&env=…`) asks for; connectors send users here. */
export interface CreateRequest {
  name: string;
  expiresIn: string;
  env: "live" | "test";
}

const EXPIRIES = ["30d", "90d", "1y", "never"];

export function readCreateLink(): CreateRequest | null {
  const params = new URLSearchParams(location.search);
  if (params.get("create") !== "1") return null;
  const expires = params.get("expires");
  return {
    name: (params.get("name") ?? "").slice(0, 100),
    expiresIn: expires !== null && EXPIRIES.includes(expires) ? expires : "90d",
    env: params.get("env") === "test" ? "test" : "live",
  };
}

const createDialog = () => dialogById("create-dialog");
const createForm = () => byId<HTMLFormElement>("create-form");

export function openCreate(prefill: CreateRequest | null): void {
  const form = createForm();
  form.reset();
  form.hidden = false;
  byId("created").hidden = true;
  fieldError("create-error", "");
  if (prefill) {
    inputById("create-name").value = prefill.name;
    const radio = form.querySelector<HTMLInputElement>(`input[name="expiresIn"][value="${prefill.expiresIn}"]`);
    if (radio) radio.checked = true;
    byId<HTMLSelectElement>("create-env").value = prefill.env;
  }
  updateNeverCaution();
  createDialog().showModal();
  byId("create-name").focus();
}

function updateNeverCaution(): void {
  const checked = createForm().querySelector<HTMLInputElement>('input[name="expiresIn"]:checked');
  byId("never-caution").hidden = checked?.value !== "never";
}

/** Shows the secret in elements made for it alone, so closing the dialog can remove them whole. */
function showSecret(created: CreatedToken): void {
  createForm().hidden = true;
  byId("created").hidden = false;
  byId("created-title").textContent = `Copy your new token “${created.name}”`;
  const label = document.createElement("label");
  label.htmlFor = "created-token";
  label.className = "sr-only";
  label.textContent = "Your new token";
  const input = document.createElement("input");
  input.id = "created-token";
  input.readOnly = true;
  input.spellcheck = false;
  input.autocomplete = "off";
  input.value = created.token;
  const copy = document.createElement("button");
  copy.type = "button";
  copy.id = "copy-token";
  copy.textContent = "Copy";
  copy.addEventListener("click", () => void copySecret(input));
  byId("created-secret-slot").replaceChildren(label, input, copy);
  byId("copy-status").textContent = "";
  copy.focus();
}

async function copySecret(input: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    // Clipboard API refused (insecure origin or permission): fall back to the selection.
    input.select();
    document.execCommand("copy");
  }
  byId("copy-status").textContent = "Copied to the clipboard.";
}

export function wireCreateDialog(): void {
  const dialog = createDialog();
  const form = createForm();
  byId("create-open").addEventListener("click", () => openCreate(null));
  byId("create-cancel").addEventListener("click", () => dialog.close());
  for (const radio of form.querySelectorAll('input[name="expiresIn"]')) {
    radio.addEventListener("change", updateNeverCaution);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    if (!name) {
      fieldError("create-error", "Give the token a name that says where it will be used.");
      byId("create-name").focus();
      return;
    }
    const submit = byId<HTMLButtonElement>("create-submit");
    submit.disabled = true;
    fieldError("create-error", "");
    try {
      const created = await api<CreatedToken>("POST", "/v1/tokens", {
        name,
        expiresIn: String(data.get("expiresIn") ?? "90d"),
        env: String(data.get("env") ?? "live"),
      });
      showSecret(created);
      await loadTokens();
    } catch (err) {
      fieldError("create-error", describe(err));
    } finally {
      submit.disabled = false;
    }
  });

  byId("created-done").addEventListener("click", () => dialog.close());

  // Whatever closes the dialog (Done, Escape), the secret leaves the DOM with it.
  dialog.addEventListener("close", () => {
    const input = document.getElementById("created-token") as HTMLInputElement | null;
    if (input) input.value = "";
    byId("created-secret-slot").replaceChildren();
    byId("copy-status").textContent = "";
    byId("created").hidden = true;
    form.hidden = false;
    form.reset();
    byId("create-open").focus();
  });
}
