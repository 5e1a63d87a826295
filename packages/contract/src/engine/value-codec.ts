/**
 * How a value's JSON text is kept at rest. Secret entries are sealed (encrypted) before they
 * reach storage, history, the cache or the cross-replica bus, and opened only when a reader
 * with access is answered: HTTP responses and WebSocket change events both call `open`.
 */
export interface ValueCodec {
  /** The text to store for a value. */
  seal(valueJson: string, secret: boolean): string;
  /** The value's JSON text from what was stored. */
  open(storedJson: string, secret: boolean): string;
}

/** Values kept as they are: for a store that is not at rest anywhere (the in-memory mock). */
export const plainValueCodec: ValueCodec = {
  seal: (valueJson) => valueJson,
  open: (storedJson) => storedJson,
};
