import { Call, type NoResponse, type OutgoingRequest, type Step } from "../core/call.js";
import { type CallConfig, callConfig, type CommonClientOptions } from "../core/config.js";
import type { CallPlan } from "../core/endpoints.js";
import type { ReceivedResponse } from "../errors/from-response.js";
import { makeToken } from "./tokens.js";

export const TOKEN = makeToken(5).token;

export type Outcome = ReceivedResponse | NoResponse;

export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): ReceivedResponse {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return {
    status,
    headers: lower,
    text: body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body),
  };
}

export function envelope(code: string, details: Record<string, unknown> = {}, message = `${code} happened`) {
  return { error: { code, message, requestId: "req_server", details } };
}

export interface DriveResult {
  final: Extract<Step, { type: "done" } | { type: "fail" }>;
  sent: OutgoingRequest[];
  sleeps: number[];
  /** The injected clock at the end. */
  now: number;
}

/**
 * A scripted driver over the pure core: each send consumes the next outcome and costs
 * `requestMs` of fake time; each sleep advances the fake clock. No timers, no I/O.
 */
export function drive(
  plan: CallPlan,
  outcomes: Outcome[],
  options: Partial<CommonClientOptions> & { requestMs?: number } = {},
): DriveResult {
  let now = 1_000_000;
  const queue = [...outcomes];
  const config: CallConfig = callConfig(
    { baseUrl: "https://api.test", token: TOKEN, random: () => 0.5, clock: () => now, ...options },
    () => 0.5,
  );
  const call = new Call(plan, config);
  const sent: OutgoingRequest[] = [];
  const sleeps: number[] = [];
  let step = call.start();
  for (let guard = 0; guard < 100; guard++) {
    if (step.type === "done" || step.type === "fail") return { final: step, sent, sleeps, now };
    if (step.type === "send") {
      sent.push(structuredClone(step.request));
      const outcome = queue.shift();
      if (!outcome) throw new Error("drive: the core sent more requests than the script has outcomes");
      now += options.requestMs ?? 100;
      step = "status" in outcome ? call.onResponse(outcome) : call.onNoResponse(outcome);
    } else {
      sleeps.push(step.ms);
      now += step.ms;
      step = call.onSlept();
    }
  }
  throw new Error("drive: no end after 100 steps");
}
