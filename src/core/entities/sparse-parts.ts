/**
 * A list made of many small parts kept in order (one per file, class or entity), most of them
 * empty, that read() flattens on every keystroke. Only the non-empty parts are visited, so
 * flattening costs what the list holds rather than how many parts there are: at 5,000 entities,
 * touching every part's object costs milliseconds in cache misses alone.
 */
export class SparseParts<T> {
  private readonly parts: (readonly T[])[] = [];
  /** Indexes of the non-empty parts, ascending. */
  private readonly filled: number[] = [];

  set(index: number, items: readonly T[]): void {
    const was = (this.parts[index]?.length ?? 0) > 0;
    this.parts[index] = items;
    const is = items.length > 0;
    if (was === is) return;
    const at = lowerBound(this.filled, index);
    if (is) this.filled.splice(at, 0, index);
    else this.filled.splice(at, 1);
  }

  flatten(): T[] {
    const result: T[] = [];
    for (const index of this.filled) for (const item of this.parts[index]!) result.push(item);
    return result;
  }
}

function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
