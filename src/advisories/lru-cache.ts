/**
 * A bounded map that forgets its least recently used entry when full (Map keeps insertion order: a hit is
 * moved to the end, the first key is the eldest). A capacity of 0 keeps nothing.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  /** Forgets every entry `drop` selects. */
  deleteWhere(drop: (key: K, value: V) => boolean): void {
    for (const [key, value] of this.map) if (drop(key, value)) this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
