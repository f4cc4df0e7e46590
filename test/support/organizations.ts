import type { TokenApi } from "@layer/token-api/testing";

/**
 * Makes a demo user a member of a second organization and of one of its projects, so that they
 * belong to several organizations (the demo data gives each user one). The operator CLI manages
 * project members only; organization membership is written as the account system would.
 */
export async function joinOrganization(
  api: Pick<TokenApi, "db" | "operator">,
  input: { organizationId: string; email: string; projectId: string },
): Promise<void> {
  const [user] = await api.db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [input.email]);
  if (!user) throw new Error(`no demo user ${input.email}`);
  await api.db.query(
    `INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'member')
     ON CONFLICT (organization_id, user_id) DO NOTHING`,
    [input.organizationId, user.id],
  );
  await api.operator.addMember(input.projectId, input.email, "viewer");
}
