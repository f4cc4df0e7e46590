// The least any proxy must do, for the benchmark to measure against: for each response it asks
// the API for up to ten 5,000-row pages, each as soon as the previous one's headers name it
// (`Link: <…>; rel="next"`), and writes their bodies on as they arrive, unread and unparsed, as
// `{"pages":[<page>,…],"next":<the API path to continue from>|null}`. Whatever the OData proxy's
// figure lacks from this one is the proxy's own work; whatever this one lacks from direct paging
// is the machine's. Started by run.ts with `fork`; the reader's X-Api-Key is passed on as it came.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { TABLE_ROWS } from "./readers.js";

const apiUrl = process.env["LAYER_API_URL"] ?? "";
const PAGE_ROWS = 5_000;
const PAGES_PER_RESPONSE = 10;

/** The path of the page a rows page's Link header names, or null on the last page. */
function nextPath(link: string | null): string | null {
  return link === null ? null : (/<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1] ?? null);
}

const server = createServer(async (req, res) => {
  const token = req.headers["x-api-key"];
  const from = new URL(req.url ?? "/", "http://relay").searchParams.get("from");
  const ask = (path: string) => fetch(apiUrl + path, { headers: { "X-Api-Key": String(token) } });
  let asked: Promise<Response> | null = ask(from ?? `${TABLE_ROWS}?limit=${PAGE_ROWS}`);
  let next: string | null = null;
  res.writeHead(200, { "Content-Type": "application/json" });
  res.write('{"pages":[');
  for (let page = 0; asked !== null; page++) {
    const upstream: Response = await asked;
    // A failed page fails the benchmark's read: it sees a body that does not parse.
    if (upstream.status !== 200 || upstream.body === null) return void res.destroy();
    next = nextPath(upstream.headers.get("link"));
    asked = next !== null && page + 1 < PAGES_PER_RESPONSE ? ask(next) : null;
    if (page > 0) res.write(",");
    for await (const chunk of upstream.body) if (!res.write(chunk)) await once(res, "drain");
  }
  res.end(`],"next":${JSON.stringify(next)}}`);
});
server.listen(0, "127.0.0.1", () => process.send?.((server.address() as AddressInfo).port));
process.once("disconnect", () => server.close(() => process.exit(0)));
