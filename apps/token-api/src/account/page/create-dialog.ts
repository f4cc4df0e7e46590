import type { CreatedToken } from "@layer/contracts";
import { api } from "./api.js";
import { byId, checkedValue, dialogById, element, inputById } from "./dom.js";
import { tokensNamed } from "./duplicate-name.js";
import { readExpiryChoice, syncExpiryChoice, wireExpiryChoice } from "./expiry-choice.js";
import { announce, describe, fieldError } from "./messages.js";
import { readProjectChoice, renderProjectChoices, wireProjectChoice } from "./project-choice.js";
import { refreshTokens } from "./refresh.js";
import { openRegenerate } from "./regenerate-dialog.js";
import { showSecret } from "./secret-dialog.js";

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
const submitButton = () => byId<HTMLButtonElement>("create-submit");

/** The name the user already confirmed despite a token of that name existing. */
let confirmedDuplicate: string | null = null;

function clearDuplicateWarning(): void {
  confirmedDuplicate = null;
  fieldError("create-duplicate", "");
  submitButton().textContent = "Generate";
}

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

/**
 * Asks once before a second token of the same name; true when the user may go on. Where one token
 * has that name, regenerating it is offered instead: the usual reason for a second one is a
 * replacement (a connector's create link after an expiry).
 */
async function confirmedName(name: string): Promise<boolean> {
  if (confirmedDuplicate === name) return true;
  const same = await tokensNamed(name);
  if (!same.length) return true;
  confirmedDuplicate = name;
  const warning = byId("create-duplicate");
  warning.replaceChildren(
    `You already have ${same.length === 1 ? "a token" : `${same.length} tokens`} named “${name}”. ` +
      "Integrations show only the name, so two are hard to tell apart. Choose another name, or select Generate anyway.",
  );
  const [only] = same;
  if (same.length === 1 && only && !only.rotatedTo) {
    const instead = element("button", "link", `Regenerate “${only.name}” instead`);
    instead.type = "button";
    instead.addEventListener("click", () => {
      createDialog().close();
      openRegenerate(only, byId("create-open"));
    });
    warning.append(" ", instead);
  }
  warning.hidden = false;
  submitButton().textContent = "Generate anyway";
  return false;
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
  if (!(await confirmedName(name))) return;
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
