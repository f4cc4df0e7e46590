import type { AccountSession, OrgTokenHolders } from "@layer/contracts";
import { api, PageApiError } from "./api.js";
import { agoCell, timeCell } from "./dates.js";
import { byId, element, labelledCell } from "./dom.js";
import { describe } from "./messages.js";

type Organization = AccountSession["organizations"][number];
type Holder = OrgTokenHolders["holders"][number];

/** For an organization's owners: who in it holds API tokens. */
export async function loadHolders(session: AccountSession): Promise<void> {
  const owned = session.organizations.filter((o) => o.role === "owner");
  byId("holders").hidden = owned.length === 0;
  if (!owned.length) return;
  const sections: HTMLElement[] = [];
  for (const org of owned) {
    try {
      const { holders } = await api<OrgTokenHolders>(
        "GET",
        `/v1/organizations/${encodeURIComponent(org.id)}/token-holders`,
      );
      sections.push(holderTable(org, holders));
    } catch (err) {
      if (err instanceof PageApiError && err.status === 401) return;
      const p = document.createElement("p");
      p.className = "field-error";
      p.textContent = `${org.name}: ${describe(err)}`;
      sections.push(p);
    }
  }
  byId("holders-body").replaceChildren(...sections);
}

function headerRow(): HTMLTableSectionElement {
  const head = document.createElement("thead");
  const tr = document.createElement("tr");
  for (const title of ["Member", "Token", "Created", "Expires", "Last used"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = title;
    tr.append(th);
  }
  head.append(tr);
  return head;
}

function holderTable(org: Organization, holders: Holder[]): HTMLElement {
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
  const body = document.createElement("tbody");
  for (const holder of holders) {
    holder.tokens.forEach((t, i) => {
      const tr = document.createElement("tr");
      const who = labelledCell("Member");
      if (i === 0) who.textContent = `${holder.user.name} (${holder.user.email})`;
      else who.className = "same-member";
      const name = labelledCell("Token", "name", t.legacy ? `${t.name} (legacy)` : t.name);
      tr.append(
        who,
        name,
        timeCell("Created", t.createdAt, ""),
        timeCell("Expires", t.expiresAt, "Never"),
        agoCell("Last used", t.lastUsedAt),
      );
      body.append(tr);
    });
  }
  table.append(caption, headerRow(), body);
  const card = element("div", "table-card");
  card.append(table);
  wrap.append(card);
  return wrap;
}
