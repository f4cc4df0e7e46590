import { Agent, request } from "node:http";

/**
 * A stranger in a process of its own: wrong secrets for one key_id at a steady rate, each a new
 * guess (no verification can be shared), from a chosen local address. Started by the hardening
 * bench with `fork`; its CPU (parsing answers, building requests) is not the server's.
 *
 * Message in: { url, token, rate, localAddress }. Runs until it receives "stop", then answers
 * { sent, byStatus }.
 */
interface FloodOrder {
  url: string;
  token: string;
  rate: number;
  localAddress?: string;
}

process.once("message", (order: FloodOrder) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const byStatus: Record<string, number> = {};
  let sent = 0;
  let guess = 0;
  const fire = () => {
    sent++;
    const wrong = order.token.slice(0, -8) + (guess++).toString(36).padStart(8, "0");
    const req = request(
      order.url,
      { agent, headers: { "X-Api-Key": wrong }, ...(order.localAddress ? { localAddress: order.localAddress } : {}) },
      (res) => {
        byStatus[res.statusCode ?? 0] = (byStatus[res.statusCode ?? 0] ?? 0) + 1;
        res.resume();
      },
    );
    req.on("error", () => {
      byStatus["error"] = (byStatus["error"] ?? 0) + 1;
    });
    req.end();
  };
  // Steady pacing: every tick sends what the rate owes since the start, so timer jitter evens out.
  const started = Date.now();
  const timer = setInterval(() => {
    const owed = Math.floor(((Date.now() - started) / 1000) * order.rate) - sent;
    for (let i = 0; i < owed; i++) fire();
  }, 5);
  process.send?.("started");
  process.once("message", () => {
    clearInterval(timer);
    // Answers still on their way are counted for a short while, then the report goes.
    setTimeout(() => {
      process.send?.({ sent, byStatus }, () => process.exit(0));
    }, 500);
  });
});
