import express, { Router } from "express";
import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";

/**
 * The page's files live in src/account/static and are served from there by both the compiled
 * (dist/account) and the source (src/account) module: both sit two levels below the package.
 */
export const STATIC_DIR = fileURLToPath(new URL("../../src/account/static/", import.meta.url));
/** Its script, bundled from src/account/page by the build (scripts/account-page.mjs). */
export const SCRIPT_DIR = fileURLToPath(new URL("../../dist/account-page/", import.meta.url));

/**
 * Everything the page needs comes from this server (no CDN: the machine may be offline), and the
 * policy says so: no inline script, no framing, no referrer carrying `?name=` elsewhere.
 */
export const PAGE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

export function pageRoutes(): Router {
  const router = Router();
  const setHeaders = (res: ServerResponse) => {
    for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
  };
  const assetHeaders = (res: ServerResponse) => {
    setHeaders(res);
    res.setHeader("Cache-Control", "no-cache");
  };
  router.get(["/account", "/account/"], (_req, res) => res.redirect(302, "/account/api"));
  router.get("/account/api", (_req, res) => {
    setHeaders(res);
    res.setHeader("Cache-Control", "no-store");
    res.sendFile("account.html", { root: STATIC_DIR });
  });
  const assets = { index: false, fallthrough: true, setHeaders: assetHeaders } as const;
  router.use("/account/assets", express.static(SCRIPT_DIR, assets), express.static(STATIC_DIR, assets));
  return router;
}
