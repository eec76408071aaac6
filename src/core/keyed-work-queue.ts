/**
 * Work run one at a time per key and side by side across keys: a user's updates in a chat are
 * handled in order (a typed answer after the press that asked for it), while a slow command of
 * one user never holds up another. grammY's runner needs `sequentialize` for the same reason.
 */
export class KeyedWorkQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (error: unknown, key: string) => void) {}

  push(key: string, work: () => Promise<void>): void {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => this.onError(error, key));
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}
