import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

// Runs in a worker: the real fetch, answered through a port; the caller blocks on Atomics.wait
// and reads the answer with receiveMessageOnPort. No size limit and no child process per call.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { port, signal } = workerData;
const flag = new Int32Array(signal);
port.on("message", async (req) => {
  let answer;
  try {
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, redirect: "manual", signal: AbortSignal.timeout(120000) });
    const headers = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    answer = { ok: true, status: res.status, headers, body: await res.text() };
  } catch (e) {
    answer = { ok: false, message: String(e && e.cause ? e.cause.code || e.cause.message : e) };
  }
  port.postMessage(answer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/**
 * Synchronous HTTP for tests of code that expects UrlFetchApp. The server must not run on the
 * calling thread (it would be blocked too): the live token API runs in a child process.
 */
export class SyncHttp {
  readonly #worker: Worker;
  readonly #port;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: { port: port2, signal: this.#flag.buffer },
      transferList: [port2],
    });
    this.#worker.unref();
  }

  request(req: RawRequest): RawResponse {
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(req);
    const waited = Atomics.wait(this.#flag, 0, 0, 130_000);
    if (waited === "timed-out") throw new Error(`Request timed out: ${req.method} ${req.url}`);
    const message = receiveMessageOnPort(this.#port)?.message as
      | ({ ok: true } & RawResponse)
      | { ok: false; message: string }
      | undefined;
    if (!message) throw new Error("No answer from the HTTP worker");
    if (!message.ok) throw new Error(`Address unavailable: ${req.url} (${message.message})`);
    return { status: message.status, headers: message.headers, body: message.body };
  }

  async close(): Promise<void> {
    this.#port.close();
    await this.#worker.terminate();
  }
}
