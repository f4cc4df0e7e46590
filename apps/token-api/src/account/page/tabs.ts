import { byId } from "./dom.js";

/** The WAI-ARIA tabs pattern: arrows move, Home/End jump. */
const tabs = [...document.querySelectorAll<HTMLElement>('[role="tab"]')];

export function selectTab(id: string, focus = true): void {
  for (const tab of tabs) {
    const selected = tab.id === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(tab.getAttribute("aria-controls") ?? "").hidden = !selected;
    if (selected && focus) tab.focus();
  }
}

export function wireTabs(): void {
  const keys: Record<string, (i: number) => number> = {
    ArrowRight: (i) => i + 1,
    ArrowLeft: (i) => i - 1,
    Home: () => 0,
    End: () => tabs.length - 1,
  };
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab.id));
    tab.addEventListener("keydown", (event) => {
      const move = keys[event.key];
      if (move === undefined) return;
      event.preventDefault();
      selectTab(tabs[(move(tabs.indexOf(tab)) + tabs.length) % tabs.length]!.id);
    });
  }
}
