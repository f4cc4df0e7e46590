/**
 * The add-in's manifest for one origin. Office loads every page, script and icon from the URLs
 * in it, so it must name the origin the add-in is really served from: the add-in server renders it
 * for its own origin on every request, and the build writes one for sideloading tools.
 */
export interface ManifestSettings {
  /** The bare https origin the add-in is served from, e.g. https://localhost:3000. */
  origin: string;
  /** Where a user gets help (the manifest's SupportUrl); default the add-in's own support page. */
  supportUrl?: string | undefined;
}

/** The origin from the environment: ADDIN_ORIGIN, else https://localhost:<ADDIN_PORT or `port`>. */
export function addinOrigin(env: NodeJS.ProcessEnv, port: number | string = env.ADDIN_PORT ?? 3000): string {
  return env.ADDIN_ORIGIN ?? `https://localhost:${port}`;
}

export function renderManifest(template: string, settings: ManifestSettings): string {
  const url = new URL(settings.origin);
  if (url.protocol !== "https:" || url.origin !== settings.origin.replace(/\/$/, "")) {
    throw new Error(`ADDIN_ORIGIN must be a bare https origin such as https://localhost:3000, not ${settings.origin}`);
  }
  const support = settings.supportUrl ?? `${url.origin}/support.html`;
  let supportUrl: URL;
  try {
    supportUrl = new URL(support);
  } catch {
    throw new Error(`ADDIN_SUPPORT_URL must be an https address, not ${support}`);
  }
  if (supportUrl.protocol !== "https:") throw new Error(`ADDIN_SUPPORT_URL must be an https address, not ${support}`);
  return template.replaceAll("{{ORIGIN}}", url.origin).replaceAll("{{SUPPORT_URL}}", escapeXml(supportUrl.href));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
