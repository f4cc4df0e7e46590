import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { generateRequestId } from "./request-id.js";

/**
 * Requests Node's HTTP parser refuses before Express sees them (bad header bytes, header fields
 * over the size limit, Content-Length with Transfer-Encoding, a malformed request line) get the
 * contract's envelope with a request id, like every other error, instead of Node's bare status
 * line: 431 when the header fields are too large, else 400. The connection is closed after.
 */
export function answerClientErrors(server: Server): void {
  const answeredBeforeBody = watchAnswersBeforeBody(server);
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset or half-gone connection has nobody left to answer; a request already answered on
    // its header fields (a refusal before its body was read) has its answer: a second one would
    // reach the client as a stray response on the connection.
    if (error.code === "ECONNRESET" || !socket.writable || answeredBeforeBody.answered(socket)) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const requestId = generateRequestId();
    const body = JSON.stringify({
      error: tooLarge
        ? { code: "PAYLOAD_TOO_LARGE", message: "the request's header fields are too large", requestId }
        : {
            code: "VALIDATION_FAILED",
            message: "the request is not valid HTTP",
            requestId,
            details: { issues: [{ path: "", message: "malformed request" }] },
          },
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
        "Content-Type: application/json; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        "Cache-Control: no-store\r\n" +
        "Connection: close\r\n\r\n" +
        body,
    );
  });
}

/**
 * The answer in progress on each connection whose request has a body. Node keeps reading (and
 * dropping) the body of a request answered on its header fields alone; if its bytes are bad, the
 * parser's error comes after that answer went out. Reads carry no body: one comparison each.
 */
function watchAnswersBeforeBody(server: Server): { answered(socket: Duplex): boolean } {
  const current = new WeakMap<Duplex, ServerResponse>();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "GET" || req.method === "HEAD") return;
    const socket = req.socket;
    current.set(socket, res);
    // Both the body read through and the answer sent: the connection's next request is a new one.
    const settle = () => {
      if (req.complete && res.writableFinished && current.get(socket) === res) current.delete(socket);
    };
    res.on("finish", settle);
    req.on("end", settle);
  });
  return { answered: (socket) => current.get(socket)?.headersSent === true };
}
