import { Router, type Response } from "express";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { PAGE_HEADERS } from "../account/page-routes.js";

/** The pages' own files, in src/routes/pages, found the same way from src/ and dist/. */
const PAGES_DIR = fileURLToPath(new URL("../../src/routes/pages/", import.meta.url));
/**
 * Swagger UI's standalone bundle, served from the installed package: the reference page works
 * offline and the account page's policy (scripts and styles from this origin only) holds.
 */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/swagger-ui-bundle.js"));

/** Exactly these files, nothing else of either folder. */
const ASSETS: Record<string, string> = {
  "swagger-ui-bundle.js": SWAGGER_UI_DIR,
  "swagger-ui.css": SWAGGER_UI_DIR,
  "reference.js": PAGES_DIR,
  "pages.css": PAGES_DIR,
};

function withPageHeaders(res: Response, cacheControl: string): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
  res.setHeader("Cache-Control", cacheControl);
}

/**
 * `GET /`: what this server is, with links to the account page, the API reference and health.
 * `GET /docs`: the API reference, Swagger UI rendering this server's `/openapi.json`.
 */
export function publicPageRoutes(): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    withPageHeaders(res, "no-cache");
    res.sendFile("landing.html", { root: PAGES_DIR });
  });
  router.get(["/docs", "/docs/"], (_req, res) => {
    withPageHeaders(res, "no-cache");
    res.sendFile("reference.html", { root: PAGES_DIR });
  });
  router.get("/docs/assets/:file", (req, res, next) => {
    const dir = Object.hasOwn(ASSETS, req.params.file) ? ASSETS[req.params.file] : undefined;
    if (!dir) return next();
    withPageHeaders(res, "no-cache");
    res.sendFile(req.params.file, { root: dir });
  });
  return router;
}
