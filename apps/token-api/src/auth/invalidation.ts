/**
 * What changed, so that caches answer the very next request correctly (revocation and
 * rename evict before answering). Several instances forward these to each other.
 */
export type Invalidation =
  | { kind: "token"; keyId: string }
  | { kind: "kill-switches" }
  /** Everything may have changed (a re-seed). */
  | { kind: "all" };

type Listener = (event: Invalidation) => void | Promise<void>;

export class InvalidationBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every listener has applied the change; callers answer only after that. */
  async publish(event: Invalidation): Promise<void> {
    for (const listener of this.listeners) await listener(event);
  }
}
