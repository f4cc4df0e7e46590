import type { ServerResponse } from "node:http";
import type { ODataError } from "../odata/errors.js";

export const JSON_TYPE =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** Headers on every answer: OData-Version (Power BI's feed requires it) and the request id. */
export function baseHeaders(requestId: string): Record<string, string> {
  return { "OData-Version": "4.0", "X-Request-Id": requestId, "Cache-Control": "no-store" };
}

export function sendBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  head: boolean,
): void {
  res.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

export function sendError(res: ServerResponse, error: ODataError, requestId: string, head: boolean): void {
  const body = JSON.stringify(error.toJSON(requestId));
  sendBody(res, error.status, { ...baseHeaders(requestId), "Content-Type": JSON_TYPE, ...error.headers }, body, head);
}

/** Writes with back-pressure, so a slow client holds the proxy's memory steady instead of growing it. */
export async function write(res: ServerResponse, chunk: string): Promise<void> {
  if (res.destroyed) throw new Error("client went away");
  if (!res.write(chunk)) {
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(new Error("client went away"));
      };
      const cleanup = () => {
        res.off("drain", onDrain);
        res.off("close", onClose);
      };
      res.on("drain", onDrain);
      res.on("close", onClose);
    });
  }
}
