import type { RequestHandler } from "express";

/**
 * DNS-rebinding protection, second half (the SDK's host validation is the first): a browser page
 * sends its Origin, and only pages served from an allowed host name, or an origin listed in
 * LAYER_MCP_ALLOWED_ORIGINS, may talk to this server. Requests without an Origin (desktop
 * clients, agents) are not from a browser page and pass.
 */
export function originCheck(allowedHostnames: readonly string[], allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || allowedOrigins.includes(origin) || allowedHostnames.includes(hostnameOf(origin))) {
      next();
      return;
    }
    res.status(403).json({
      jsonrpc: "2.0",
      error: { code: -32000, message: "This origin may not use the Layer MCP server (see LAYER_MCP_ALLOWED_ORIGINS)." },
      id: null,
    });
  };
}

function hostnameOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return "";
  }
}
