import type { AddonContext } from "../context.js";
import { documentStore } from "../tokens/token-store.js";

const OPT_IN_PREFIX = "layer.formulas.";
const INFO_KEY = "layer.formulas";

/**
 * Why formulas are off by default: a custom function runs with the user properties of the
 * spreadsheet's OWNER, so any editor typing =LAYER_TABLE spends the owner's token.
 */
export const FORMULA_WARNING =
  "Formulas run with the spreadsheet owner's Layer token: anyone who can edit this spreadsheet can type =LAYER_TABLE and read what that token can read. Turn this on only if that is fine, and only the owner's switch counts.";

/**
 * The switch lives in the user's own properties. A custom function reads the owner's, so an
 * editor flipping it changes nothing for formulas: only the owner's opt-in turns them on.
 */
export function formulasEnabled(ctx: AddonContext, spreadsheetId: string): boolean {
  return ctx.gas.PropertiesService.getUserProperties().getProperty(OPT_IN_PREFIX + spreadsheetId) === "on";
}

export function setFormulasEnabled(
  ctx: AddonContext,
  spreadsheetId: string,
  enabled: boolean,
  userName: string,
): boolean {
  const user = ctx.gas.PropertiesService.getUserProperties();
  if (enabled) user.setProperty(OPT_IN_PREFIX + spreadsheetId, "on");
  else user.deleteProperty(OPT_IN_PREFIX + spreadsheetId);
  documentStore(ctx).setProperty(
    INFO_KEY,
    JSON.stringify({ enabled, by: userName, at: new Date(ctx.now()).toISOString() }),
  );
  return enabled;
}
