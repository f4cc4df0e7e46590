// The sidebar's browser code. It talks to the add-on only through google.script.run, renders
// with textContent (never innerHTML of data), and never keeps a token after it is sent.
import type { Answer, ImportSummary, SidebarState, SidebarView } from "../server.js";
import type { ImportProgress } from "../../imports/run-import.js";
import type { RotationResult } from "../../tokens/rotate.js";
import type { TokenReach } from "../../tokens/reach.js";
import type { TokenView } from "../../tokens/token-store.js";
import type { Column } from "@layer/contracts";
import { ConditionError } from "@layer/contracts/filter";
import { conditionBuilder, type RowChoice } from "./condition-builder.js";

interface ScriptRun {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRun;
  withFailureHandler(fn: (error: Error) => void): ScriptRun;
  [name: string]: unknown;
}
declare const google: { script: { run: ScriptRun } };

function call<T>(name: string, ...args: unknown[]): Promise<Answer<T>> {
  return new Promise((resolve) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as Answer<T>))
      .withFailureHandler((error) =>
        resolve({
          ok: false,
          failure: {
            kind: "other",
            message: error.message,
            retryAt: null,
            tokenName: null,
            keyId: null,
            steps: [],
            createUrl: null,
          },
        }),
      );
    (runner[name] as (...a: unknown[]) => void)(...args);
  });
}

type Child = Node | string | null | undefined | false;
function el(
  tag: string,
  attrs: Record<string, string | boolean | ((e: Event) => void)> = {},
  ...children: Child[]
): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === "function") node.addEventListener(k, v);
    else if (v === true) node.setAttribute(k, "");
    else if (v !== false) node.setAttribute(k, v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

const view = document.getElementById("view") as HTMLElement;
const bannerBox = document.getElementById("banner") as HTMLElement;
let state: SidebarState | null = null;

function banner(
  severity: "error" | "warning" | "info" | "success" | null,
  message = "",
  link?: { href: string; text: string },
): void {
  bannerBox.hidden = severity === null;
  bannerBox.className = severity ?? "";
  bannerBox.replaceChildren(
    message,
    link ? el("div", {}, el("a", { href: link.href, target: "_blank", rel: "noopener" }, link.text)) : "",
  );
}

function fail(answer: { ok: false; failure: { message: string; createUrl: string | null } }): void {
  banner(
    "error",
    answer.failure.message,
    answer.failure.createUrl ? { href: answer.failure.createUrl, text: "Create a new token" } : undefined,
  );
}

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "never";
}

function tokenCard(token: TokenView): HTMLElement {
  return el(
    "div",
    { class: "card", "data-testid": "token-card" },
    el("div", {}, el("strong", {}, token.name)),
    el("div", { class: "muted" }, `${token.user.name} · ${token.user.email}`),
    el("div", { class: "mono" }, token.masked),
    el("div", { class: "muted" }, `Expires: ${day(token.expiresAt)}`),
    token.problem ? el("div", { class: "muted" }, `⚠ ${token.problem.message}`) : null,
  );
}

async function refreshState(): Promise<void> {
  const answer = await call<SidebarState>("sidebarState");
  if (!answer.ok) return fail(answer);
  state = answer.value;
  if (state.notice) banner("warning", `Scheduled refresh failed: ${state.notice.message}`);
  else if (state.banner)
    banner(
      state.banner.severity,
      state.banner.message,
      state.banner.createUrl ? { href: state.banner.createUrl, text: "Create the new token" } : undefined,
    );
  else banner(null);
}

function show(name: SidebarView): void {
  for (const b of document.querySelectorAll("nav button")) {
    b.classList.toggle("on", (b as HTMLElement).dataset["view"] === name);
  }
  const render = { connect: renderConnect, import: renderImport, rotate: renderRotate, schedule: renderSchedule }[name];
  view.replaceChildren();
  render();
}

function renderConnect(): void {
  const s = state!;
  const input = el("input", {
    type: "password",
    id: "token",
    autocomplete: "off",
    placeholder: "lp_live_…",
    "aria-label": "Token",
  }) as HTMLInputElement;
  const connect = el("button", { class: "primary", id: "connect" }, "Connect") as HTMLButtonElement;
  connect.addEventListener("click", async () => {
    connect.disabled = true;
    const answer = await call<TokenView>("connectToken", input.value);
    input.value = "";
    connect.disabled = false;
    if (!answer.ok) return fail(answer);
    await refreshState();
    banner("success", `Connected "${answer.value.name}" for ${answer.value.user.name}.`);
    show("connect");
  });
  const reachBox = el("div", { id: "reach", "aria-live": "polite" });
  view.append(
    s.current
      ? el("div", {}, el("h2", {}, "Token used here"), tokenCard(s.current), reachBox)
      : el("p", {}, "No token connected in this spreadsheet yet."),
    el("h2", {}, "Connect a token"),
    el(
      "p",
      {},
      "1. Create a token named ",
      el("strong", {}, s.suggestedName),
      " on your Layer account page: ",
      el("a", { href: s.createUrl, target: "_blank", rel: "noopener", id: "create-link" }, "Create token"),
    ),
    el("p", {}, "2. Paste it here. It is kept in your own user properties only; other editors never see it."),
    input,
    connect,
  );
  if (s.current) void renderReach(reachBox);
  const others = s.tokens.filter((t) => t.keyId !== s.current?.keyId);
  if (others.length > 0) {
    view.append(el("h2", {}, "Your other tokens"));
    for (const t of others) {
      view.append(
        el(
          "div",
          { class: "card" },
          `${t.name} `,
          el("span", { class: "mono" }, t.masked),
          el(
            "button",
            {
              class: "secondary",
              click: async () => {
                const answer = await call<TokenView>("selectToken", t.keyId);
                if (!answer.ok) return fail(answer);
                await refreshState();
                show("connect");
              },
            },
            "Use here",
          ),
        ),
      );
    }
  }
}

/**
 * What the token may do and reach, asked of Layer each time (a member removed from a project loses
 * it at once), and the organization picker, shown only to a user in several organizations.
 */
async function renderReach(box: HTMLElement): Promise<void> {
  box.replaceChildren(el("div", { class: "muted" }, "Checking what this token reaches…"));
  const answer = await call<TokenReach>("tokenReach");
  if (!answer.ok) {
    box.replaceChildren();
    return fail(answer);
  }
  showReach(box, answer.value);
}

function showReach(box: HTMLElement, reach: TokenReach): void {
  const names = reach.projects.map((p) => p.name).join(", ");
  const projects = names === "" ? "none" : reach.projectIds === null ? names : `only ${names}`;
  box.replaceChildren(
    el("div", { "data-testid": "token-access" }, `Access: ${reach.access === "read" ? "read-only" : "read and write"}`),
    el("div", { "data-testid": "token-projects" }, `Projects: ${projects}`),
  );
  if (reach.notice) banner("warning", reach.notice);
  if (reach.organizations.length < 2) return;
  const select = el(
    "select",
    { id: "organization" },
    el("option", { value: "" }, "All my organizations"),
    ...reach.organizations.map((o) => el("option", { value: o.id }, `${o.name} (${o.id})`)),
  ) as HTMLSelectElement;
  select.value = reach.organization ?? "";
  select.addEventListener("change", async () => {
    select.disabled = true;
    const answer = await call<TokenReach>("chooseOrganization", select.value);
    select.disabled = false;
    if (!answer.ok) return fail(answer);
    showReach(box, answer.value);
    const chosen = answer.value.organizations.find((o) => o.id === answer.value.organization);
    banner(
      "success",
      chosen
        ? `Listing ${chosen.name}'s projects only. Imports you made keep refreshing their own projects.`
        : "Listing the projects of all your organizations.",
    );
  });
  box.append(el("label", { for: "organization" }, "Organization"), select);
}

async function runImport(id: string, progress: HTMLProgressElement, label: HTMLElement): Promise<void> {
  let stalled = 0;
  let last = -1;
  for (;;) {
    const answer = await call<ImportProgress>("importStep", id);
    if (!answer.ok) return fail(answer);
    const p = answer.value;
    // A step that writes nothing three times running is not going to finish: say so, stop asking.
    stalled = p.rowsWritten === last ? stalled + 1 : 0;
    last = p.rowsWritten;
    if (stalled >= 3) return banner("warning", `${p.message} No progress in the last steps; try Refresh later.`);
    progress.max = Math.max(1, p.totalRows);
    progress.value = p.rowsWritten;
    label.textContent = `${p.rowsWritten.toLocaleString("en-US")} of ${p.totalRows.toLocaleString("en-US")} rows`;
    if (p.status === "failed") {
      return banner(
        "error",
        p.message,
        p.failure?.createUrl ? { href: p.failure.createUrl, text: "Create a new token" } : undefined,
      );
    }
    if (p.status === "complete") {
      await refreshState();
      show("import");
      if (!state?.banner) banner("success", p.message);
      return;
    }
  }
}

function importCard(summary: ImportSummary): HTMLElement {
  const progress = el("progress", {
    value: String(summary.rowsWritten),
    max: String(Math.max(1, summary.totalRows)),
  }) as HTMLProgressElement;
  const label = el(
    "div",
    { class: "muted", "data-testid": "progress" },
    `${summary.rowsWritten.toLocaleString("en-US")} of ${summary.totalRows.toLocaleString("en-US")} rows`,
  );
  const run = summary.lastRun;
  return el(
    "div",
    { class: "card", "data-import": summary.id },
    el("strong", {}, summary.label),
    summary.filter ? el("div", { class: "mono", "data-testid": "import-filter" }, `Rows: ${summary.filter}`) : null,
    summary.sort ? el("div", { class: "muted" }, `Sorted by ${summary.sort}`) : null,
    el(
      "div",
      { class: "muted" },
      run
        ? `Last run ${run.at.slice(0, 16).replace("T", " ")} UTC by ${run.by}: ${run.rows.toLocaleString("en-US")} rows (${run.status})`
        : "Not run yet",
    ),
    summary.resumable ? el("div", { class: "muted" }, "Part-way: Refresh carries on where it stopped.") : null,
    progress,
    label,
    el(
      "button",
      { class: "secondary", click: () => runImport(summary.id, progress, label) },
      summary.resumable ? "Resume" : "Refresh",
    ),
  );
}

function renderImport(): void {
  const s = state!;
  for (const summary of s.imports) view.append(importCard(summary));
  const project = el("select", { id: "project" }) as HTMLSelectElement;
  const table = el("select", { id: "table", disabled: true }) as HTMLSelectElement;
  const fields = el("div", { class: "fields", id: "fields" }, el("span", { class: "muted" }, "Choose a table"));
  const destination = el(
    "select",
    { id: "destination" },
    el("option", { value: "new-sheet" }, "A new sheet"),
    el("option", { value: "selected-cell" }, "The selected cell"),
  ) as HTMLSelectElement;
  const start = el("button", { class: "primary", id: "start-import", disabled: true }, "Import") as HTMLButtonElement;
  const rowsChoice = conditionBuilder(el);
  let columns: Column[] = [];
  view.append(
    el("h2", {}, "Import a table"),
    el("label", { for: "project" }, "Project"),
    project,
    el("label", { for: "table" }, "Table"),
    table,
    el("label", {}, "Fields"),
    fields,
    rowsChoice.element,
    el("label", { for: "destination" }, "Destination"),
    destination,
    start,
  );

  void call<Array<{ id: string; name: string }>>("listProjects").then((answer) => {
    if (!answer.ok) return fail(answer);
    project.replaceChildren(
      el("option", { value: "" }, "Choose…"),
      ...answer.value.map((p) => el("option", { value: p.id }, p.name)),
    );
  });
  project.addEventListener("change", async () => {
    table.disabled = true;
    const answer = await call<Array<{ id: string; name: string; rowCount: number }>>("listTables", project.value);
    if (!answer.ok) return fail(answer);
    table.replaceChildren(
      el("option", { value: "" }, "Choose…"),
      ...answer.value.map((t) =>
        el("option", { value: t.id }, `${t.name} (${t.rowCount.toLocaleString("en-US")} rows)`),
      ),
    );
    table.disabled = false;
  });
  table.addEventListener("change", async () => {
    const answer = await call<Column[]>("listColumns", project.value, table.value);
    if (!answer.ok) return fail(answer);
    columns = answer.value;
    fields.replaceChildren(
      ...columns.map((c) =>
        el(
          "label",
          {},
          el("input", { type: "checkbox", value: c.name, checked: true }),
          ` ${c.name} `,
          el("span", { class: "muted" }, c.type),
        ),
      ),
    );
    rowsChoice.setColumns(columns);
    start.disabled = false;
  });
  start.addEventListener("click", async () => {
    let rows: RowChoice;
    try {
      rows = rowsChoice.choice();
    } catch (error) {
      if (!(error instanceof ConditionError)) throw error;
      return banner("error", `Condition ${error.condition}: ${error.problem}.`);
    }
    start.disabled = true;
    const chosen = Array.from(fields.querySelectorAll("input:checked")).map((i) => (i as HTMLInputElement).value);
    const answer = await call<ImportSummary>("createImport", {
      projectId: project.value,
      projectName: project.selectedOptions[0]?.textContent ?? project.value,
      tableId: table.value,
      tableName: (table.selectedOptions[0]?.textContent ?? table.value).replace(/ \(.*\)$/, ""),
      fields: chosen.length === columns.length ? [] : chosen,
      filter: rows.filter,
      sort: rows.sort,
      destination: destination.value,
    });
    if (!answer.ok) {
      start.disabled = false;
      return fail(answer);
    }
    const card = importCard(answer.value);
    view.prepend(card);
    await runImport(
      answer.value.id,
      card.querySelector("progress") as HTMLProgressElement,
      card.querySelector("[data-testid=progress]") as HTMLElement,
    );
    start.disabled = false;
  });

  const toggle = el("input", { type: "checkbox", id: "formulas", checked: s.formulas.enabled }) as HTMLInputElement;
  toggle.addEventListener("change", async () => {
    const answer = await call<boolean>("setFormulas", toggle.checked);
    if (!answer.ok) return fail(answer);
  });
  view.append(
    el("h2", {}, "Formulas"),
    el("label", {}, toggle, " Allow =LAYER_TABLE in this spreadsheet"),
    el("p", { class: "muted" }, s.formulas.warning),
  );
}

function renderRotate(): void {
  const s = state!;
  if (!s.current) {
    view.append(el("p", {}, "Connect a token first."));
    return;
  }
  const current = s.current;
  let currentCard = tokenCard(current);
  const input = el("input", {
    type: "password",
    id: "new-token",
    autocomplete: "off",
    placeholder: "the new lp_live_… token",
    "aria-label": "New token",
  }) as HTMLInputElement;
  const result = el("div", { id: "rotation-result" });
  const go = async (confirmOtherUser: boolean): Promise<void> => {
    const answer = await call<RotationResult>("rotateToken", input.value, confirmOtherUser);
    if (!answer.ok) return fail(answer);
    const r = answer.value;
    if (r.status === "confirm_other_user") {
      banner("warning", r.message);
      result.replaceChildren(el("button", { class: "secondary", click: () => go(true) }, "Switch anyway"));
      return;
    }
    input.value = "";
    await refreshState();
    banner("success", r.message);
    if (state?.current) {
      const fresh = tokenCard(state.current);
      currentCard.replaceWith(fresh);
      currentCard = fresh;
    }
    result.replaceChildren(
      el("h2", {}, "4. Revoke the old token"),
      el("div", { class: "card" }, el("strong", {}, r.previous.name), el("div", { class: "mono" }, r.previous.keyId)),
      el("a", { href: r.revokeUrl, target: "_blank", rel: "noopener" }, "Open the account page to revoke it"),
    );
  };
  const grace = el(
    "select",
    { id: "grace" },
    ...[0, 1, 2, 7].map((d) => el("option", { value: String(d) }, `${d} day${d === 1 ? "" : "s"}`)),
  ) as HTMLSelectElement;
  (grace.options[2] as HTMLOptionElement).selected = true;
  view.append(
    el("h2", {}, "Token in use"),
    currentCard,
    el("h2", {}, "1. Create the new token"),
    el("a", { href: s.createUrl, target: "_blank", rel: "noopener" }, `Create "${s.suggestedName}"`),
    el("h2", {}, "2. Paste and verify it"),
    input,
    el("h2", {}, "3. Switch"),
    el("button", { class: "primary", id: "rotate", click: () => go(false) }, "Verify and switch"),
    result,
    el("h2", {}, "Or rotate in one click"),
    el(
      "p",
      { class: "muted" },
      "Layer issues the successor now; the old token keeps working for the grace window, then expires by itself.",
    ),
    el("label", { for: "grace" }, "Grace window"),
    grace,
    el(
      "button",
      {
        class: "secondary",
        id: "rotate-self",
        click: async () => {
          const answer = await call<RotationResult>("rotateTokenOneClick", Number(grace.value));
          if (!answer.ok) return fail(answer);
          await refreshState();
          banner("success", answer.value.status === "switched" ? answer.value.message : "");
          show("rotate");
        },
      },
      "Rotate now",
    ),
  );
}

function renderSchedule(): void {
  const s = state!;
  const choice = el(
    "select",
    { id: "frequency" },
    ...(["off", "hourly", "daily"] as const).map((f) => el("option", { value: f, selected: s.schedule === f }, f)),
  ) as HTMLSelectElement;
  view.append(
    el("h2", {}, "Refresh on a schedule"),
    el(
      "p",
      { class: "muted" },
      'Runs with your token, one schedule per person per spreadsheet. Failures go to the "Layer log" sheet and show at the next open.',
    ),
    choice,
    el(
      "button",
      {
        class: "primary",
        click: async () => {
          const answer = await call<string>("setSchedule", choice.value);
          if (!answer.ok) return fail(answer);
          banner("success", answer.value === "off" ? "Schedule off." : `Refreshing ${answer.value}.`);
        },
      },
      "Save",
    ),
  );
}

for (const b of document.querySelectorAll("nav button")) {
  b.addEventListener("click", () => show((b as HTMLElement).dataset["view"] as SidebarView));
}
void refreshState().then(() => state && show(state.view));
