// Reverse indexes (what depends on a key) the reader and the model build keep between reads.

/** Files `value` under each of `keys` in a reverse index (key -> the values that depend on it). */
export function addToIndex<K, V>(map: Map<K, Set<V>>, keys: Iterable<K>, value: V): void {
  for (const key of keys) {
    let values = map.get(key);
    if (!values) map.set(key, (values = new Set()));
    values.add(value);
  }
}

export function removeFromIndex<K, V>(map: Map<K, Set<V>>, keys: Iterable<K>, value: V): void {
  for (const key of keys) map.get(key)?.delete(value);
}
