import { randomBytes } from "node:crypto";
import type { OrgRole } from "@layer/contracts";
import type { Queryable } from "../db/database.js";
import { hashPassword, verifySecret } from "../tokens/hashing.js";

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface UserOrganization {
  id: string;
  name: string;
  role: OrgRole;
  apiAccessRevoked: boolean;
}

const USER_COLUMNS = "id, email, name";

export async function findUserByEmail(q: Queryable, email: string): Promise<User | null> {
  const [row] = await q.query<User>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
  return row ?? null;
}

export async function findUserById(q: Queryable, id: string): Promise<User | null> {
  const [row] = await q.query<User>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return row ?? null;
}

/**
 * Checks an account-page password. Unknown users still spend one bcrypt so that timing does not
 * tell which emails exist.
 */
export async function verifyUserPassword(q: Queryable, email: string, password: string): Promise<User | null> {
  const [row] = await q.query<User & { password_hash: string | null }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  const hash = row?.password_hash ?? (await dummyHash());
  const ok = await verifySecret(password, hash);
  if (!row?.password_hash || !ok) return null;
  return { id: row.id, email: row.email, name: row.name };
}
// A bcrypt of a random string: makes the unknown-user path cost what a real check costs.
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}

export async function createUser(
  q: Queryable,
  input: { email: string; name: string; password?: string | undefined; bcryptCost?: number | undefined },
): Promise<User> {
  const id = `usr_${randomBytes(8).toString("hex")}`;
  const passwordHash = input.password ? await hashPassword(input.password, input.bcryptCost) : null;
  const [row] = await q.query<User>(
    `INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
    [id, input.email, input.name, passwordHash],
  );
  return row!;
}

export async function userOrganizations(q: Queryable, userId: string): Promise<UserOrganization[]> {
  return q.query<UserOrganization>(
    `SELECT o.id, o.name, m.role, o.api_access_revoked AS "apiAccessRevoked"
       FROM organization_members m JOIN organizations o ON o.id = m.organization_id
      WHERE m.user_id = $1 ORDER BY o.id`,
    [userId],
  );
}

export async function addOrganizationMember(
  q: Queryable,
  organizationId: string,
  userId: string,
  role: OrgRole,
): Promise<void> {
  await q.query(
    `INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (organization_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [organizationId, userId, role],
  );
}
