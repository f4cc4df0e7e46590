import { timingSafeEqual, createHash } from "node:crypto";
import { Router, type Request } from "express";
import { DomainError } from "../errors/domain-error.js";
import type { Services } from "../services.js";
import { runOperatorCommand } from "./commands.js";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * The local operator channel: while the server holds the embedded database, the CLI sends its
 * commands here. Loopback only and authenticated by the secret in the data directory (mode 0600);
 * anything else looks like an unknown route.
 */
export function operatorChannel(services: Services, secret: string): Router {
  const expected = digest(secret);
  const allowed = (req: Request) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return false;
    const presented = req.get("x-operator-secret");
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
  const router = Router();
  router.post("/_operator/commands", async (req, res) => {
    if (!allowed(req)) throw new DomainError("NOT_FOUND", "no such route");
    res.setHeader("Cache-Control", "no-store");
    res.json({ result: await runOperatorCommand(services, req.body) });
  });
  return router;
}
