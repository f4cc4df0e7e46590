import { session } from "./api.js";
import { checkedValue, element } from "./dom.js";
import { sessionProjects } from "./projects.js";

export type ProjectReading = { ok: true; projectIds: string[] | null } | { ok: false; message: string };

const choices = (fieldset: HTMLElement) => fieldset.querySelector<HTMLElement>(".project-choices")!;
const choiceList = (fieldset: HTMLElement) => fieldset.querySelector<HTMLElement>(".project-list")!;

/** One checkbox per project of the signed-in user, grouped under each organization's name. */
export function renderProjectChoices(fieldset: HTMLElement): void {
  const projects = sessionProjects(session.current);
  const orgNames = new Map(session.current?.organizations.map((o) => [o.id, o.name]) ?? []);
  const boxes = projects.map((project) => {
    const label = element("label", "choice");
    const box = element("input");
    box.type = "checkbox";
    box.name = "projectIds";
    box.value = project.id;
    const org = orgNames.get(project.organizationId);
    label.append(box, ` ${project.name}${org ? ` (${org})` : ""}`);
    return label;
  });
  const list = choiceList(fieldset);
  list.replaceChildren(...boxes);
  if (!boxes.length) list.append(element("p", "hint", "You are a member of no project yet."));
  syncProjectChoice(fieldset);
}

/** The checkboxes show only while "Only these projects" is chosen. */
export function syncProjectChoice(fieldset: HTMLElement): void {
  choices(fieldset).hidden = checkedValue(fieldset, "projectScope") !== "chosen";
}

export function wireProjectChoice(fieldset: HTMLElement): void {
  for (const radio of fieldset.querySelectorAll<HTMLInputElement>('input[name="projectScope"]')) {
    radio.addEventListener("change", () => syncProjectChoice(fieldset));
  }
}

export function readProjectChoice(fieldset: HTMLElement): ProjectReading {
  if (checkedValue(fieldset, "projectScope") !== "chosen") return { ok: true, projectIds: null };
  const ids = [...fieldset.querySelectorAll<HTMLInputElement>('input[name="projectIds"]:checked')].map((b) => b.value);
  if (!ids.length) return { ok: false, message: "Choose at least one project, or choose All my projects." };
  return { ok: true, projectIds: ids };
}
