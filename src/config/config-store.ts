/**
 * Where GitHub's answers for config files are kept between deliveries. The in-process store is
 * the default (one server); a shared store (Redis, for several replicas) implements the same
 * three calls with the same meaning, so the cache above it does not change.
 */
export interface ConfigStore {
  get(key: string): Promise<StoredFile | undefined>;
  /** Keeps `value` under `key` for `keepMs` at most (a shared store: `SET key value PX keepMs`). */
  set(key: string, value: StoredFile, keepMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** GitHub's answer for one file, as plain data (a shared store serialises it as JSON). */
export interface StoredFile {
  /** `file`: 200 with the text; `absent`: 404; `not-a-file`: 200 with a listing (a directory or submodule). */
  kind: "file" | "absent" | "not-a-file";
  /** The file's text, for `file`. */
  text?: string;
  /** GitHub's validator, sent back as `If-None-Match`; a 404 has none. */
  etag?: string;
  /** Epoch milliseconds until which the answer is used without asking GitHub. */
  freshUntil: number;
}

/** The store of one process: a Map, bounded (oldest written first out), each entry dropped after its time. */
export class MemoryConfigStore implements ConfigStore {
  private readonly entries = new Map<string, { value: StoredFile; keepUntil: number }>();

  constructor(private readonly maxEntries = 20_000) {}

  async get(key: string): Promise<StoredFile | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() < entry.keepUntil) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  async set(key: string, value: StoredFile, keepMs: number): Promise<void> {
    // Re-inserted at the end: the Map's order is the order of writing, the oldest goes first.
    this.entries.delete(key);
    this.entries.set(key, { value, keepUntil: Date.now() + keepMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
