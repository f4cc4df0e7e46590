// The account page's API tab. Plain DOM, no framework and no CDN (the machine may be offline).
// User data only ever enters the DOM through textContent/value, never as HTML.

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  /** @type {null | {user: {id:string,email:string,name:string}, organizations: {id:string,name:string,role:string}[], csrfToken: string}} */
  session: null,
  filter: "",
  /** The create link's parameters, kept until the user is signed in (connectors send users here to rotate). */
  pendingCreate: readCreateLink(),
};

// ---------- HTTP ----------

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `Request failed (${status})`);
    this.status = status;
    this.code = body?.error?.code;
    this.details = body?.error?.details;
  }
}

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.session) headers["X-CSRF-Token"] = state.session.csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new ApiError(res.status, json);
    if (res.status === 401 && path !== "/v1/session") showSignIn("Your session has ended. Please sign in again.");
    throw err;
  }
  return json;
}

// ---------- messages ----------

let announceTimer = 0;
/** A passing confirmation: read out by screen readers, then cleared so it does not linger on screen. */
function announce(text) {
  $("status").textContent = text;
  clearTimeout(announceTimer);
  announceTimer = window.setTimeout(() => ($("status").textContent = ""), 8000);
}
function showAlert(text) {
  const el = $("alert");
  el.textContent = text;
  el.hidden = !text;
}
function fieldError(id, text) {
  const el = $(id);
  el.textContent = text ?? "";
  el.hidden = !text;
}
function describe(err) {
  if (err instanceof ApiError) {
    const issues = err.details?.issues;
    if (Array.isArray(issues) && issues.length) return issues.map((i) => i.message).join("; ");
    return err.message;
  }
  return "The token API could not be reached. Is it still running?";
}

// ---------- dates ----------

const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function timeCell(iso, emptyText) {
  const td = document.createElement("td");
  td.className = "when";
  if (!iso) {
    td.textContent = emptyText;
    return td;
  }
  const time = document.createElement("time");
  time.dateTime = iso;
  time.title = fullFormat.format(new Date(iso));
  time.textContent = dateFormat.format(new Date(iso));
  td.append(time);
  return td;
}

function relative(iso) {
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return "just now";
  const units = [
    ["year", 31536000],
    ["month", 2592000],
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
    }
  }
  return "just now";
}

// ---------- sign in / out ----------

function showSignIn(message) {
  state.session = null;
  $("account").hidden = true;
  $("account-nav").hidden = true;
  $("sign-in").hidden = false;
  showAlert("");
  fieldError("sign-in-error", message);
  $("email").focus();
}

async function showAccount(session) {
  state.session = session;
  $("sign-in").hidden = true;
  $("account").hidden = false;
  $("account-nav").hidden = false;
  $("signed-in-as").textContent = `${session.user.name} (${session.user.email})`;
  $("profile-name").textContent = session.user.name;
  $("profile-email").textContent = session.user.email;
  const orgs = $("profile-orgs");
  orgs.replaceChildren(
    ...session.organizations.map((o) => {
      const li = document.createElement("li");
      li.textContent = `${o.name} (${o.role})`;
      return li;
    }),
  );
  selectTab("tab-api", false);
  await Promise.all([loadTokens(), loadHolders()]);
  if (state.pendingCreate) {
    const prefill = state.pendingCreate;
    state.pendingCreate = null;
    // Drop the parameters so a reload does not open the dialog again.
    history.replaceState(null, "", location.pathname);
    openCreate(prefill);
  } else {
    $("account-title").focus?.();
  }
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const email = /** @type {HTMLInputElement} */ ($("email")).value.trim();
  const password = /** @type {HTMLInputElement} */ ($("password")).value;
  if (!email || !password) return fieldError("sign-in-error", "Enter your email and password.");
  const button = event.submitter;
  if (button) button.disabled = true;
  fieldError("sign-in-error", "");
  try {
    const session = await api("POST", "/v1/session", { email, password });
    /** @type {HTMLInputElement} */ ($("password")).value = "";
    announce(`Signed in as ${session.user.name}.`);
    await showAccount(session);
  } catch (err) {
    fieldError("sign-in-error", describe(err));
  } finally {
    if (button) button.disabled = false;
  }
});

for (const b of document.querySelectorAll(".demo-user")) {
  b.addEventListener("click", () => {
    /** @type {HTMLInputElement} */ ($("email")).value = b.dataset.email ?? "";
    $("password").focus();
  });
}

$("sign-out").addEventListener("click", async () => {
  try {
    await api("DELETE", "/v1/session");
  } catch {
    // Signed out either way: the cookie is cleared by the server or already gone.
  }
  announce("Signed out.");
  showSignIn("");
});

// ---------- tabs (WAI-ARIA tabs pattern: arrows move, Home/End jump) ----------

const tabs = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('[role="tab"]')]);
function selectTab(id, focus = true) {
  for (const tab of tabs) {
    const selected = tab.id === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls") ?? "").hidden = !selected;
    if (selected && focus) tab.focus();
  }
}
for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab.id));
  tab.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(tabs[(next + tabs.length) % tabs.length].id);
  });
}

// ---------- token list ----------

async function loadTokens() {
  const query = state.filter ? `?name=${encodeURIComponent(state.filter)}` : "";
  try {
    const { tokens } = await api("GET", `/v1/tokens${query}`);
    renderTokens(tokens);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) showAlert(describe(err));
  }
}

function renderTokens(tokens) {
  const rows = tokens.map(tokenRow);
  $("token-rows").replaceChildren(...rows);
  const empty = $("tokens-empty");
  empty.hidden = tokens.length > 0;
  empty.textContent = state.filter
    ? `No token's name contains “${state.filter}”.`
    : "You hold no API tokens yet. Create one for each integration you connect.";
}

/** A row action button whose accessible name says which token it acts on. */
function rowButton(label, className, tokenName, onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = className;
  button.textContent = label;
  button.setAttribute("aria-label", `${label} ${tokenName}`);
  button.addEventListener("click", onClick);
  return button;
}

function tokenRow(token) {
  const tr = document.createElement("tr");
  tr.dataset.keyId = token.keyId;

  const name = document.createElement("td");
  name.className = "name";
  const nameText = document.createElement("span");
  nameText.className = "token-name";
  nameText.textContent = token.name;
  const env = document.createElement("span");
  env.className = "env";
  env.textContent = token.legacy ? "legacy" : token.env;
  // A single-token-era key keeps working, but the product asks users to replace it with a named one.
  if (token.legacy) env.title = "A token from before named tokens: create a named one and revoke this.";
  name.append(nameText, env);

  const masked = document.createElement("td");
  masked.className = "masked";
  const code = document.createElement("code");
  code.textContent = token.masked;
  masked.append(code);

  const expires = timeCell(token.expiresAt, "Never");
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) {
    const tag = document.createElement("span");
    tag.className = "expired";
    tag.textContent = " (expired)";
    expires.append(tag);
  }

  const lastUsed = document.createElement("td");
  lastUsed.className = "when";
  if (token.lastUsedAt) {
    const time = document.createElement("time");
    time.dateTime = token.lastUsedAt;
    time.title = fullFormat.format(new Date(token.lastUsedAt));
    time.textContent = relative(token.lastUsedAt);
    lastUsed.append(time);
  } else {
    lastUsed.textContent = "Never";
  }

  const actions = document.createElement("td");
  actions.className = "actions";
  const rename = rowButton("Rename", "rename", token.name, () => startRename(tr, token));
  const revoke = rowButton("Revoke", "revoke danger-outline", token.name, () => openRevoke(token, revoke));
  actions.append(rename, revoke);

  tr.append(name, masked, timeCell(token.createdAt, ""), expires, lastUsed, actions);
  return tr;
}

let filterTimer = 0;
$("filter").addEventListener("input", (event) => {
  state.filter = /** @type {HTMLInputElement} */ (event.target).value.trim();
  clearTimeout(filterTimer);
  filterTimer = window.setTimeout(loadTokens, 200);
});

// ---------- rename inline ----------

function startRename(tr, token) {
  const cell = /** @type {HTMLElement} */ (tr.querySelector("td.name"));
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
    /** @type {HTMLElement | null} */ (tr.querySelector("button.rename"))?.focus();
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
      await loadTokens();
      /** @type {HTMLElement | null} */ (
        document.querySelector(`tr[data-key-id="${CSS.escape(token.keyId)}"] button.rename`)
      )?.focus();
    } catch (err) {
      save.disabled = false;
      showAlert(describe(err));
    }
  });
}

// ---------- revoke ----------

let revoking = null;
function openRevoke(token, opener) {
  revoking = { token, opener };
  $("revoke-text").textContent =
    `“${token.name}” (${token.masked}) stops working at once, in every integration that uses it.`;
  fieldError("revoke-error", "");
  /** @type {HTMLDialogElement} */ ($("revoke-dialog")).showModal();
  $("revoke-cancel").focus();
}
$("revoke-cancel").addEventListener("click", () => /** @type {HTMLDialogElement} */ ($("revoke-dialog")).close());
$("revoke-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!revoking) return;
  const { token } = revoking;
  const button = /** @type {HTMLButtonElement} */ ($("revoke-confirm"));
  button.disabled = true;
  try {
    await api("DELETE", `/v1/tokens/${encodeURIComponent(token.keyId)}`);
    revoking = null;
    /** @type {HTMLDialogElement} */ ($("revoke-dialog")).close();
    announce(`Revoked “${token.name}”.`);
    await loadTokens();
    $("create-open").focus();
  } catch (err) {
    fieldError("revoke-error", describe(err));
  } finally {
    button.disabled = false;
  }
});
$("revoke-dialog").addEventListener("close", () => {
  if (revoking) revoking.opener.focus();
  revoking = null;
});

// ---------- create ----------

const createDialog = /** @type {HTMLDialogElement} */ ($("create-dialog"));
const createForm = /** @type {HTMLFormElement} */ ($("create-form"));

function readCreateLink() {
  const params = new URLSearchParams(location.search);
  if (params.get("create") !== "1") return null;
  const expires = params.get("expires");
  const env = params.get("env");
  return {
    name: (params.get("name") ?? "").slice(0, 100),
    expiresIn: ["30d", "90d", "1y", "never"].includes(expires ?? "") ? expires : "90d",
    env: env === "test" ? "test" : "live",
  };
}

function openCreate(prefill) {
  createForm.reset();
  createForm.hidden = false;
  $("created").hidden = true;
  fieldError("create-error", "");
  if (prefill) {
    /** @type {HTMLInputElement} */ ($("create-name")).value = prefill.name;
    const radio = createForm.querySelector(`input[name="expiresIn"][value="${prefill.expiresIn}"]`);
    if (radio) /** @type {HTMLInputElement} */ (radio).checked = true;
    /** @type {HTMLSelectElement} */ ($("create-env")).value = prefill.env;
  }
  updateNeverCaution();
  createDialog.showModal();
  $("create-name").focus();
}

function updateNeverCaution() {
  const checked = /** @type {HTMLInputElement | null} */ (createForm.querySelector('input[name="expiresIn"]:checked'));
  $("never-caution").hidden = checked?.value !== "never";
}

$("create-open").addEventListener("click", () => openCreate(null));
$("create-cancel").addEventListener("click", () => createDialog.close());
for (const radio of createForm.querySelectorAll('input[name="expiresIn"]')) {
  radio.addEventListener("change", updateNeverCaution);
}

createForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(createForm);
  const name = String(data.get("name") ?? "").trim();
  if (!name) {
    fieldError("create-error", "Give the token a name that says where it will be used.");
    $("create-name").focus();
    return;
  }
  const submit = /** @type {HTMLButtonElement} */ ($("create-submit"));
  submit.disabled = true;
  fieldError("create-error", "");
  try {
    const created = await api("POST", "/v1/tokens", {
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

/** Shows the secret in elements made for it alone, so closing the dialog can remove them whole. */
function showSecret(created) {
  createForm.hidden = true;
  $("created").hidden = false;
  $("created-title").textContent = `Copy your new token “${created.name}”`;
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
  copy.addEventListener("click", () => copySecret(input));
  $("created-secret-slot").replaceChildren(label, input, copy);
  $("copy-status").textContent = "";
  copy.focus();
}

async function copySecret(input) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    // Clipboard API refused (insecure origin or permission): fall back to the selection.
    input.select();
    document.execCommand("copy");
  }
  $("copy-status").textContent = "Copied to the clipboard.";
}

$("created-done").addEventListener("click", () => createDialog.close());

// Whatever closes the dialog (Done, Escape), the secret leaves the DOM with it.
createDialog.addEventListener("close", () => {
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById("created-token"));
  if (input) input.value = "";
  $("created-secret-slot").replaceChildren();
  $("copy-status").textContent = "";
  $("created").hidden = true;
  createForm.hidden = false;
  createForm.reset();
  $("create-open").focus();
});

// ---------- organization owners ----------

async function loadHolders() {
  const owned = state.session?.organizations.filter((o) => o.role === "owner") ?? [];
  $("holders").hidden = owned.length === 0;
  if (!owned.length) return;
  const sections = [];
  for (const org of owned) {
    try {
      const { holders } = await api("GET", `/v1/organizations/${encodeURIComponent(org.id)}/token-holders`);
      sections.push(holderTable(org, holders));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      const p = document.createElement("p");
      p.className = "field-error";
      p.textContent = `${org.name}: ${describe(err)}`;
      sections.push(p);
    }
  }
  $("holders-body").replaceChildren(...sections);
}

function holderTable(org, holders) {
  const wrap = document.createElement("div");
  const h = document.createElement("h3");
  h.textContent = org.name;
  wrap.append(h);
  if (!holders.length) {
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = "No member of this organization holds an API token.";
    wrap.append(p);
    return wrap;
  }
  const table = document.createElement("table");
  const caption = document.createElement("caption");
  caption.className = "sr-only";
  caption.textContent = `Token holders in ${org.name}`;
  const head = document.createElement("thead");
  head.innerHTML =
    '<tr><th scope="col">Member</th><th scope="col">Token</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th></tr>';
  const body = document.createElement("tbody");
  for (const holder of holders) {
    holder.tokens.forEach((t, i) => {
      const tr = document.createElement("tr");
      const who = document.createElement("td");
      if (i === 0) who.textContent = `${holder.user.name} (${holder.user.email})`;
      const name = document.createElement("td");
      name.textContent = t.legacy ? `${t.name} (legacy)` : t.name;
      const last = document.createElement("td");
      last.className = "when";
      last.textContent = t.lastUsedAt ? relative(t.lastUsedAt) : "Never";
      tr.append(who, name, timeCell(t.createdAt, ""), timeCell(t.expiresAt, "Never"), last);
      body.append(tr);
    });
  }
  table.append(caption, head, body);
  wrap.append(table);
  return wrap;
}

// ---------- start ----------

async function start() {
  try {
    const session = await api("GET", "/v1/session");
    await showAccount(session);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      showSignIn(state.pendingCreate ? "Sign in to create the token you were sent here for." : "");
    } else {
      showSignIn("");
      showAlert(describe(err));
    }
  }
}
start();
