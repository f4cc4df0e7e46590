import type { Redis } from "ioredis";
import type { Invalidation, InvalidationBus } from "../auth/invalidation.js";

interface RelayMessage {
  from: string;
  event: Invalidation;
}

const isInvalidation = (e: unknown): e is Invalidation => {
  const kind = (e as { kind?: unknown } | null)?.kind;
  if (kind === "token") return typeof (e as { keyId?: unknown }).keyId === "string";
  return kind === "kill-switches" || kind === "all";
};

/**
 * Carries this process's invalidations (revocations, renames, kill switches, re-seeds) to every
 * other process over Redis pub/sub, and theirs to this one's caches. Only a speed-up: correctness
 * never waits on a message (the per-request token check and the periodic kill-switch refresh),
 * and after a reconnect everything is refreshed, since messages sent meanwhile are lost.
 */
export class InvalidationRelay {
  private readonly fromElsewhere = new WeakSet<Invalidation>();
  private readonly unsubscribe: () => void;
  private readonly channel: string;

  constructor(
    private readonly bus: InvalidationBus,
    private readonly publisher: Redis,
    subscriber: Redis,
    private readonly o: { keyPrefix: string; instanceId: string; onError: (error: unknown) => void },
  ) {
    this.channel = `${o.keyPrefix}:invalidations`;
    this.unsubscribe = bus.subscribe((event) => this.forward(event));
    subscriber.on("message", (channel: string, text: string) => {
      if (channel === this.channel) void this.receive(text);
    });
    const onReady = () => {
      subscriber.subscribe(this.channel).catch(o.onError);
      void this.apply({ kind: "all" });
    };
    subscriber.on("ready", onReady);
    // The relay may start after the connection is up (the services are built in between).
    if (subscriber.status === "ready") onReady();
  }

  private forward(event: Invalidation): void {
    if (this.fromElsewhere.has(event)) return;
    const message: RelayMessage = { from: this.o.instanceId, event };
    // Not awaited: the operator's answer never waits on Redis, which may be down.
    this.publisher.publish(this.channel, JSON.stringify(message)).catch(this.o.onError);
  }

  private async receive(text: string): Promise<void> {
    let message: RelayMessage;
    try {
      message = JSON.parse(text) as RelayMessage;
    } catch {
      return;
    }
    if (message.from === this.o.instanceId || !isInvalidation(message.event)) return;
    await this.apply(message.event);
  }

  private async apply(event: Invalidation): Promise<void> {
    const local = { ...event } as Invalidation;
    this.fromElsewhere.add(local);
    await this.bus.publish(local).catch(this.o.onError);
  }

  close(): void {
    this.unsubscribe();
  }
}
