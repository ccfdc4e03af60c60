/**
 * A map that keeps its most recently used entries within two bounds: a count of entries and a
 * total charge (what each entry was charged when set, plus what was added to it since; the caller
 * decides what a charge measures: characters of text, bytes held). Past either bound the least
 * recently used entries go first.
 *
 * The most recently used entry is never pushed out, even when it alone is past a bound: its caller
 * has just set or used it and is about to use it again. So an entry larger than the whole bound
 * stays, alone, until the next one is set. A cache that must not hold such an entry refuses it
 * before setting it.
 *
 * Only `get` and `set` make an entry the most recently used; `peek` and `addCharge` do not.
 * `onEvict` is called for each entry pushed out by the bounds (after it has left the map), and
 * for the value a `set` replaces with another.
 *
 * Not thread-safe nor meant to be: each process (or thread) keeps its own.
 */
export interface BoundedLru<K, V> {
  /** The value under `key`, now the most recently used; undefined when there is none. */
  get(key: K): V | undefined;
  /** The value under `key`, its recency left as it was. */
  peek(key: K): V | undefined;
  /** Keeps `value` under `key` as the most recently used, charged `charge`; then applies the bounds. */
  set(key: K, value: V, charge: number): void;
  /**
   * Adds `extra` to the charge of the entry under `key` (a value that has grown), then applies the
   * bounds: the entry itself goes if it is the least recently used. False when there is no entry.
   */
  addCharge(key: K, extra: number): boolean;
  /** The charge of the entry under `key`; undefined when there is none. */
  chargeOf(key: K): number | undefined;
  readonly size: number;
  /** The charges of every entry, summed. */
  readonly totalCharge: number;
}

export interface BoundedLruOptions<K, V> {
  maxEntries: number;
  maxCharge: number;
  onEvict?: (value: V, key: K) => void;
}

export function createBoundedLru<K, V>(options: BoundedLruOptions<K, V>): BoundedLru<K, V> {
  const { maxEntries, maxCharge, onEvict } = options;
  // Insertion order doubles as recency: a use re-inserts its entry, so the first is the oldest.
  const entries = new Map<K, { value: V; charge: number }>();
  let totalCharge = 0;

  function evictPastBounds(): void {
    for (const [key, entry] of entries) {
      if (entries.size <= 1 || (entries.size <= maxEntries && totalCharge <= maxCharge)) return;
      entries.delete(key);
      totalCharge -= entry.charge;
      onEvict?.(entry.value, key);
    }
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    peek: (key) => entries.get(key)?.value,
    set(key, value, charge) {
      const replaced = entries.get(key);
      if (replaced !== undefined) {
        entries.delete(key);
        totalCharge -= replaced.charge;
      }
      entries.set(key, { value, charge });
      totalCharge += charge;
      if (replaced !== undefined && replaced.value !== value) onEvict?.(replaced.value, key);
      evictPastBounds();
    },
    addCharge(key, extra) {
      const entry = entries.get(key);
      if (entry === undefined) return false;
      entry.charge += extra;
      totalCharge += extra;
      evictPastBounds();
      return true;
    },
    chargeOf: (key) => entries.get(key)?.charge,
    get size() {
      return entries.size;
    },
    get totalCharge() {
      return totalCharge;
    },
  };
}
