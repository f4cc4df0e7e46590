// `npm start` (after `turbo run build`): the whole suite on a laptop, on embedded defaults:
// the token API with its account page and demo data, and the connectors' local
// endpoints where they exist. One terminal; Ctrl-C stops everything and flushes what is pending.
import { existsSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = process.env;

function portFrom(name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`${name} must be a port number (0-65535), not "${raw}"`);
  return port;
}

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

/**
 * The connectors are optional: another part of the suite may not exist yet or not be built. A
 * missing package or export is skipped with a line; any other error is a real failure.
 */
async function optionalExport(specifiers, name) {
  for (const specifier of specifiers) {
    try {
      const mod = await import(specifier);
      if (typeof mod[name] === "function") return { fn: mod[name] };
    } catch (error) {
      const code = error && typeof error === "object" ? error.code : undefined;
      if (code !== "ERR_MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw error;
    }
  }
  return { fn: null };
}

const guide = (path) => (existsSync(join(root, path)) ? path : null);
/** A path as the user would type it: relative when under the current directory. */
const shown = (path) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
};

// The token API's own settings (PORT, SEED_ORDERS_ROWS, ...) are read by its loadConfig, below.
const ports = { proxy: portFrom("PROXY_PORT", 8788), addin: portFrom("ADDIN_PORT", 3000) };

/** Everything started so far, closed in reverse order on the way out. */
const running = [];
let stopping = false;

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const part of running.reverse()) {
    try {
      await part.close();
    } catch (error) {
      console.error(`Could not stop the ${part.name} cleanly: ${error instanceof Error ? error.message : error}`);
    }
  }
  process.exit(exitCode);
}

process.on("SIGINT", () => {
  // A second Ctrl-C while stopping leaves at once.
  if (stopping) process.exit(130);
  console.log("\nStopping (writing pending last-used times, closing the database)…");
  void stopAll(0);
});
process.on("SIGTERM", () => void stopAll(0));

async function main() {
  const tokenApi = await import("@layer/token-api");
  // Every token API setting checked before anything starts: a bad one stops here, in one line.
  const base = tokenApi.loadConfig(env);
  const [{ fn: startAddinServer }, { fn: startProxy }, { fn: claudeDesktopConfig }] = await Promise.all([
    optionalExport(["@layer/excel/server", "@layer/excel"], "startAddinServer"),
    optionalExport(["@layer/powerbi"], "startProxy"),
    optionalExport(["@layer/mcp"], "claudeDesktopConfig"),
  ]);
  const notes = [];

  // The add-in first: its origin (https://localhost:<port>) goes into the token API's CORS list.
  let addin = null;
  if (startAddinServer) {
    addin = await startAddinServer({ port: ports.addin });
    running.push({ name: "Excel add-in server", close: () => addin.close() });
  } else {
    notes.push("Excel add-in: not built in this checkout, skipped.");
  }

  const corsOrigins = [
    ...new Set([...base.corsOrigins, ...(addin ? [addin.origin, addin.origin.replace("localhost", "127.0.0.1")] : [])]),
  ];
  // The terminal is for this banner; request logs only when asked for (LOG_LEVEL=info).
  const config = { ...base, corsOrigins, logLevel: env.LOG_LEVEL ?? "warn" };
  const embedded = !config.databaseUrl;
  const firstRun = embedded && !existsSync(join(config.dataDir, "pgdata"));
  if (firstRun)
    console.log(
      `First run: creating the embedded database in ${shown(config.dataDir)} and seeding the demo data (up to a minute)…`,
    );
  const api = await tokenApi.serveTokenApi({ config });
  running.push({ name: "token API", close: () => api.close() });

  let proxy = null;
  if (startProxy) {
    proxy = await startProxy({ port: ports.proxy, upstreamUrl: api.url, accountUrl: `${api.url}/account/api` });
    running.push({ name: "Power BI proxy", close: () => proxy.close() });
  } else {
    notes.push("Power BI proxy: not built in this checkout, skipped.");
  }

  const pad = (s) => s.padEnd(16);
  const withGuide = (path) => (guide(path) ? `   guide: ${path}` : "");
  const lines = [
    "",
    "Layer suite is running",
    "",
    `  ${pad("Token API")}${api.url}   (health ${api.url}/healthz, OpenAPI ${api.url}/openapi.json)`,
    `  ${pad("Account page")}${api.url}/account/api`,
    `  ${pad("API reference")}${api.url}/docs`,
  ];
  if (proxy) lines.push(`  ${pad("Power BI proxy")}${proxy.serviceUrl}${withGuide("connectors/powerbi/README.md")}`);
  if (addin) {
    lines.push(`  ${pad("Excel add-in")}${addin.url}${withGuide("connectors/excel/README.md")}`);
    lines.push(`  ${pad("")}manifest ${addin.manifestUrl}`);
  }
  if (guide("connectors/google-sheets/README.md")) {
    lines.push(
      `  ${pad("Google Sheets")}runs inside Google Sheets (no local server)   guide: connectors/google-sheets/README.md`,
    );
  }
  lines.push(
    "",
    ...(tokenApi.listensBeyondThisMachine(config.host)
      ? [
          `  Warning: HOST=${config.host} opens the API, the account page and its sign-in to the network; serve them only behind HTTPS.`,
          "",
        ]
      : []),
    `  Data: ${embedded ? `${shown(config.dataDir)} (embedded PostgreSQL, kept between runs${api.seeded ? "; demo data seeded now" : ""})` : "the PostgreSQL of DATABASE_URL"}`,
    "",
    "Demo sign-ins (password for all: layer-demo)",
    "  ada@example.com    Ada Lovelace, owner of Acme Analytics",
    "  ben@example.com    Ben Okafor, member of Acme Analytics",
    "  chen@example.com   Chen Wei, owner of Borealis Data",
    "",
    "Create a token",
    `  In the browser: ${api.url}/account/api, sign in, API tab, Create Token (it is shown once).`,
    '  Or in another terminal: npm run cli -- tokens create --user ada@example.com --name "My script" --expires 90d',
    `  Then: curl -H "X-Api-Key: <your token>" ${api.url}/v1/whoami`,
    "",
    ...(addin?.caCertPath ? certificateLines(addin) : []),
    ...(claudeDesktopConfig ? mcpLines(claudeDesktopConfig, api.url) : []),
    ...notes.map((n) => `  ${n}`),
    ...(notes.length ? [""] : []),
    "Press Ctrl-C to stop everything.",
    "Layer is ready.",
  );
  console.log(lines.join("\n"));
}

/**
 * The add-in's files are served over HTTPS with a certificate from a local authority: Office and
 * browsers refuse them until that authority is trusted. On Linux there is no Excel desktop, so
 * the way in is Excel on the web, and the browser is what must trust it.
 */
function certificateLines(addin) {
  const ca = shown(addin.caCertPath);
  const byPlatform = {
    linux: [
      "    Linux has no Excel desktop: use Excel on the web, in a browser that trusts the authority.",
      `    Chrome, Chromium: chrome://certificate-manager > Local certificates > Custom > Trusted > Import ${ca}`,
      `      or: certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Layer local CA" -i ${ca}   (Debian: libnss3-tools)`,
      `    Firefox: Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import ${ca}, "identify websites"`,
    ],
    win32: [`    Windows: certutil -user -addstore Root ${ca}`],
    darwin: [`    macOS: security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db ${ca}`],
  };
  return [
    "Excel add-in: trust its local certificate authority once",
    `  ${ca}`,
    ...(byPlatform[process.platform] ?? [...byPlatform.win32, ...byPlatform.darwin]),
    "  Then, in Excel on the web (restart the browser first): Home > Add-ins > More Add-ins > My Add-ins >",
    `    Upload My Add-in, with the manifest saved from ${addin.manifestUrl}`,
    "  Excel desktop (Windows, macOS): npm run start:desktop -w connectors/excel sideloads it.",
    "",
  ];
}

/** The MCP server is started by the AI client itself: print its token command and Claude Desktop's exact config. */
function mcpLines(claudeDesktopConfig, apiUrl) {
  const config = claudeDesktopConfig({ apiUrl, token: "<paste the token here>" });
  return [
    `MCP server for AI agents (Claude Desktop, VS Code, Cursor)${guide("connectors/mcp/README.md") ? "   guide: connectors/mcp/README.md" : ""}`,
    '  A token for it: npm run cli -- tokens create --user ada@example.com --name "Claude Desktop MCP server" --expires 90d',
    "  Claude Desktop: put this in claude_desktop_config.json (Settings > Developer > Edit Config), then restart it:",
    ...JSON.stringify(config, null, 2)
      .split("\n")
      .map((line) => `    ${line}`),
    "",
  ];
}

main().catch(async (error) => {
  const code = error && typeof error === "object" ? error.code : undefined;
  if (code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("@layer/token-api")) {
    console.error("npm start: the token API is not built. Run `npm start` (it builds first) or `npm run build`.");
  } else if (code === "EADDRINUSE") {
    console.error(
      `npm start: port ${error.port} is in use (another npm start?). Set PORT, PROXY_PORT or ADDIN_PORT to free ones.`,
    );
  } else if (error?.name === "SettingsError") {
    console.error(`npm start: ${error.message}`);
  } else if (error?.name === "DataDirLockedError") {
    console.error(`npm start: ${error.message}. Stop the other server first (or set LAYER_DATA_DIR).`);
  } else {
    console.error("npm start failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  }
  await stopAll(1);
});
