/**
 * Remembers the last write refused for want of space. Reads go on when a disk fills, so a read
 * probe alone would call the database healthy while every write fails; `/health` reports the
 * storage as down (degraded) until no write has hit a full disk for `windowMs`.
 */
export class StoragePressure {
  private lastFullAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs = 15_000) {}

  noteFull(): void {
    this.lastFullAt = Date.now();
  }

  /** Resolves while the storage has room; rejects within `windowMs` of a write that did not fit. */
  async probe(): Promise<void> {
    if (Date.now() - this.lastFullAt < this.windowMs) throw new Error('insufficient_storage: a write failed for want of disk space');
  }
}
