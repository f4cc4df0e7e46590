/**
 * Every change to a token that can alter an authentication answer (rename, revoke, rotation,
 * kill switch, tier) bumps its generation, so a verification can tell whether the row it read
 * before bcrypt is still the row of now (README "Exact revocation").
 */
export const tokenGeneration = `
ALTER TABLE api_tokens ADD COLUMN generation integer NOT NULL DEFAULT 0;
`;
