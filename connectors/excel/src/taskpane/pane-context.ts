import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import type { Session } from "../api/session.js";
import { explainError, type Explanation } from "../messages/explain-error.js";
import type { ImportDefinitions } from "../workbook/import-definitions.js";

/** What every panel of the task pane shares. */
export interface PaneContext {
  session: Session;
  definitions: ImportDefinitions;
  excelRun: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  workbookName: () => Promise<string>;
  /** Latest whoami of the connected token, for the banner and the rotation checks. */
  whoami: Whoami | null;
  /** Re-reads whoami and redraws everything that depends on the connection. */
  refresh: () => Promise<void>;
}

export function explain(ctx: PaneContext, error: unknown, documentName?: string): Explanation {
  const token = ctx.session.token;
  return explainError(error, {
    tokenName: token?.name,
    keyId: token?.keyId,
    apiBase: ctx.session.apiBase,
    now: ctx.session.clock(),
    documentName,
  });
}
