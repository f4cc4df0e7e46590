/** The reference's sections, in the order a reader meets them. */
export const TAGS = [
  {
    name: "Identity",
    description: "Who a token belongs to, what it may reach, and advice on rotating it.",
  },
  {
    name: "Projects",
    description:
      "The projects, tables and rows that the connectors pull. A token reaches what its owner is a member of, read live on every request.",
  },
  {
    name: "Self-rotation",
    description: "A token issues its own successor, for unattended clients that rotate before expiry.",
  },
  {
    name: "Account session",
    description:
      "Signing in to the account page. The session is a cookie, never a token, so that no token can mint tokens.",
  },
  {
    name: "Personal tokens",
    description: "The signed-in user's tokens: create (the one response holding the secret), list, rename, revoke.",
  },
  {
    name: "Organizations",
    description: "What organization owners may see about their members' tokens (names and times, never secrets).",
  },
  {
    name: "Service",
    description: "Health checks and this reference.",
  },
] as const;

export type TagName = (typeof TAGS)[number]["name"];
