import type { CreatedToken, TokenSummary } from "@layer/contracts";
import { api } from "./api.js";
import type { CreateRequest } from "./create-link.js";
import { byId, checkedValue, dialogById, inputById } from "./dom.js";
import { clearDuplicateWarning, confirmedName } from "./duplicate-name.js";
import { readExpiryChoice, syncExpiryChoice, wireExpiryChoice } from "./expiry-choice.js";
import { announce, describe, fieldError } from "./messages.js";
import { readProjectChoice, renderProjectChoices, wireProjectChoice } from "./project-choice.js";
import { refreshTokens } from "./refresh.js";
import { openRegenerate } from "./regenerate-dialog.js";
import { showSecret } from "./secret-dialog.js";

const createDialog = () => dialogById("create-dialog");
const createForm = () => byId<HTMLFormElement>("create-form");
const submitButton = () => byId<HTMLButtonElement>("create-submit");

export function openCreate(prefill: CreateRequest | null): void {
  const form = createForm();
  form.reset();
  clearDuplicateWarning();
  fieldError("create-error", "");
  if (prefill) {
    inputById("create-name").value = prefill.name;
    const radio = form.querySelector<HTMLInputElement>(`input[name="expiresIn"][value="${prefill.expiresIn}"]`);
    if (radio) radio.checked = true;
    byId<HTMLSelectElement>("create-env").value = prefill.env;
  }
  syncExpiryChoice(byId("create-expiry"));
  renderProjectChoices(byId("create-projects"));
  updateNeverCaution();
  createDialog().showModal();
  byId("create-name").focus();
}

function updateNeverCaution(): void {
  byId("never-caution").hidden = checkedValue(createForm(), "expiresIn") !== "never";
}

async function submitCreate(): Promise<void> {
  const form = createForm();
  const name = inputById("create-name").value.trim();
  if (!name) {
    fieldError("create-error", "Give the token a name that says where it will be used.");
    byId("create-name").focus();
    return;
  }
  const expiry = readExpiryChoice(byId("create-expiry"));
  if (!expiry.ok) {
    fieldError("create-error", expiry.message);
    byId("create-expires-on").focus();
    return;
  }
  const projects = readProjectChoice(byId("create-projects"));
  if (!projects.ok) {
    fieldError("create-error", projects.message);
    (form.querySelector<HTMLElement>('input[name="projectIds"]') ?? byId("create-projects")).focus();
    return;
  }
  fieldError("create-error", "");
  const regenerateInstead = (token: TokenSummary) => {
    createDialog().close();
    openRegenerate(token, byId("create-open"));
  };
  if (!(await confirmedName(name, regenerateInstead))) return;
  const created = await api<CreatedToken>("POST", "/v1/tokens", {
    name,
    ...expiry.request,
    access: checkedValue(form, "access") || "read-write",
    projectIds: projects.projectIds,
    env: byId<HTMLSelectElement>("create-env").value,
  });
  createDialog().close();
  showSecret(created, { title: `Copy your new token “${created.name}”`, returnFocus: () => byId("create-open") });
  announce(`Created “${created.name}”.`);
  await refreshTokens();
}

export function wireCreateDialog(): void {
  const dialog = createDialog();
  const form = createForm();
  byId("create-open").addEventListener("click", () => openCreate(null));
  byId("create-cancel").addEventListener("click", () => dialog.close());
  wireExpiryChoice(byId("create-expiry"));
  wireProjectChoice(byId("create-projects"));
  for (const radio of form.querySelectorAll('input[name="expiresIn"]')) {
    radio.addEventListener("change", updateNeverCaution);
  }
  byId("create-name").addEventListener("input", clearDuplicateWarning);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const submit = submitButton();
    submit.disabled = true;
    try {
      await submitCreate();
    } catch (err) {
      fieldError("create-error", describe(err));
    } finally {
      submit.disabled = false;
    }
  });

  dialog.addEventListener("close", () => {
    form.reset();
    clearDuplicateWarning();
    // Back to the button that opened it, unless another dialog took over (the new secret, a
    // regeneration instead) or the session ended.
    if (!document.querySelector("dialog[open]") && !byId("account").hidden) byId("create-open").focus();
  });
}
