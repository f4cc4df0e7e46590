// Fills the add-in origin into the manifest template. The origin must be a bare https origin:
// Office refuses http task panes, and every URL in the manifest must share this one origin.
export function renderManifest(template, origin) {
  const url = new URL(origin);
  if (url.protocol !== "https:" || url.origin !== origin.replace(/\/$/, "")) {
    throw new Error(`ADDIN_ORIGIN must be a bare https origin such as https://localhost:3000, not ${origin}`);
  }
  return template.replaceAll("{{ORIGIN}}", url.origin);
}
