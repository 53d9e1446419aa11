// Per-key debouncing: typing in one entity file restarts that file's project timer only, so
// a burst of keystrokes produces one analysis after the burst, and two projects never wait for
// each other.
export class KeyedDebouncer<K> {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();

  constructor(private readonly delay: (key: K) => number) {}

  /** Run `action` once `delay()` ms have passed without another trigger for the same key. */
  trigger(key: K, action: () => void): void {
    this.cancel(key);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      action();
    }, this.delay(key)));
  }

  cancel(key: K): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }

  isPending(key: K): boolean {
    return this.timers.has(key);
  }

  /** Whether any key is waiting to run. */
  hasPending(): boolean {
    return this.timers.size > 0;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
