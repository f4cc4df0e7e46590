import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { localCertificate } from "./certificates.js";
import { addinOrigin, renderManifest } from "./manifest.js";

export interface AddinServerOptions {
  /** Default: ADDIN_PORT or 3000 (DEVELOPING.md); 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1: the add-in is served to this machine's Office only. */
  host?: string;
  /** The built add-in; default this package's dist/. */
  root?: string;
  /** Where the local certificate is kept; default this package's .certs/ (git-ignored); null: in memory. */
  certDir?: string | null;
  /** The origin Office reaches this server at (a proxy in front of it); default ADDIN_ORIGIN, else https://localhost:<port>. */
  origin?: string;
  /** The manifest's SupportUrl; default ADDIN_SUPPORT_URL, else <origin>/support.html. */
  supportUrl?: string;
}

export interface AddinServer {
  /** https://localhost:<port>: the origin the manifest, Office and the token API's CORS list name. */
  origin: string;
  port: number;
  /** The task pane page. */
  url: string;
  /** The manifest, rendered for this server's origin. */
  manifestUrl: string;
  /** The local CA certificate to trust, when kept on disk. */
  caCertPath: string | null;
  close(): Promise<void>;
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".png": "image/png",
  ".map": "application/json; charset=utf-8",
};

/** Serves the built add-in (dist/) over HTTPS with a local certificate. */
export async function startAddinServer(options: AddinServerOptions = {}): Promise<AddinServer> {
  const root = options.root ?? join(packageDir, "dist");
  const port = options.port ?? Number(process.env.ADDIN_PORT ?? 3000);
  const host = options.host ?? "127.0.0.1";
  const certificate = await localCertificate(
    options.certDir === undefined ? join(packageDir, ".certs") : options.certDir,
  );
  // Known once listening (port 0 picks one); the manifest names it, whatever the build named.
  let manifest = "";

  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    // Development server: Office caches add-in files hard; never let it keep a stale build.
    res.setHeader("Cache-Control", "no-store");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("Method not allowed");
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "https://localhost").pathname);
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain" }).end("Bad path");
      return;
    }
    if (path === "/") {
      res.writeHead(302, { Location: "/taskpane.html" }).end();
      return;
    }
    if (path === "/manifest.xml") {
      res.writeHead(200, { "Content-Type": TYPES[".xml"], "Content-Length": Buffer.byteLength(manifest) });
      res.end(req.method === "HEAD" ? undefined : manifest);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || path.includes("\0")) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
      return;
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error("not a file");
      size = stat.size;
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Content-Length": size });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const origin = options.origin ?? addinOrigin(process.env, actual);
  try {
    const built = join(root, "manifest.template.xml");
    const template = existsSync(built) ? built : join(packageDir, "manifest", "manifest.template.xml");
    manifest = renderManifest(readFileSync(template, "utf8"), {
      origin,
      supportUrl: options.supportUrl ?? (process.env.ADDIN_SUPPORT_URL || undefined),
    });
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    origin,
    port: actual,
    url: `${origin}/taskpane.html`,
    manifestUrl: `${origin}/manifest.xml`,
    caCertPath: certificate.caCertPath,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
