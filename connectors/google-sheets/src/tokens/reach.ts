import { unknownOrganization } from "@layer/token-client/sync";
import type { Budget } from "../budget.js";
import { type AddonContext, UserFacingError } from "../context.js";
import { layerClient } from "./layer-client.js";
import { saveToken, type StoredToken } from "./token-store.js";

/**
 * What the sidebar shows about what a token reaches: the access its owner chose (read-only or
 * read and write), the projects it reaches now (whoami answers from the live memberships), and,
 * for a user in several organizations, which one the sidebar lists.
 */
export interface TokenReach {
  access: "read" | "read-write";
  /** Null: every project of its owner; else the projects it was limited to at creation. */
  projectIds: string[] | null;
  projects: Array<{ id: string; name: string }>;
  organizations: Array<{ id: string; name: string }>;
  /** The organization the sidebar lists, or null for all. */
  organization: string | null;
  /** Set when the remembered organization was dropped (the user left it). */
  notice: string | null;
}

export function tokenReach(ctx: AddonContext, token: StoredToken, budget: Budget): TokenReach {
  const organization = token.organization ?? null;
  try {
    return reachOf(ctx, token, organization, budget, null);
  } catch (error) {
    // The user left the organization they had picked: list all of theirs again, and say so.
    if (organization === null || unknownOrganization(error) === null) throw error;
    saveToken(ctx, { ...token, organization: null });
    return reachOf(
      ctx,
      token,
      null,
      budget,
      `You no longer belong to the organization ${organization}; the sidebar lists all your organizations.`,
    );
  }
}

export function chooseOrganization(
  ctx: AddonContext,
  token: StoredToken,
  organizationId: string | null,
  budget: Budget,
): TokenReach {
  const chosen = typeof organizationId === "string" && organizationId.trim() !== "" ? organizationId.trim() : null;
  if (chosen !== null && !/^[\x21-\x7e]{1,200}$/.test(chosen)) {
    throw new UserFacingError("Choose one of your organizations from the list.");
  }
  // Asked first, stored after: an organization the user is not in answers 404 and is never kept.
  const reached = reachOf(ctx, token, chosen, budget, null);
  saveToken(ctx, { ...token, organization: chosen });
  return reached;
}

function reachOf(
  ctx: AddonContext,
  token: StoredToken,
  organization: string | null,
  budget: Budget,
  notice: string | null,
): TokenReach {
  const who = layerClient(ctx, token.secret, budget, organization).whoami();
  return {
    access: who.token.access,
    projectIds: who.token.projectIds,
    projects: who.token.projects.map((p) => ({ id: p.id, name: p.name })),
    organizations: who.organizations.map((o) => ({ id: o.id, name: o.name })),
    organization: who.organization,
    notice,
  };
}
