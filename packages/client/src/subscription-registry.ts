import type { ChangeListener, ConfigChange, SubscriptionTarget } from './client-types';

interface PrefixSubscription {
  namespace: string;
  prefix: string;
  listener: ChangeListener;
}

/** A normalised target: the namespace always set. */
export type ResolvedTarget =
  | { kind: 'key'; namespace: string; key: string }
  | { kind: 'prefix'; namespace: string; prefix: string }
  | { kind: 'namespace'; namespace: string };

export function resolveTarget(target: SubscriptionTarget, defaultNamespace: string): ResolvedTarget {
  if (typeof target === 'string') return { kind: 'key', namespace: defaultNamespace, key: target };
  const namespace = target.namespace ?? defaultNamespace;
  if ('key' in target) return { kind: 'key', namespace, key: target.key };
  if ('prefix' in target) return { kind: 'prefix', namespace, prefix: target.prefix };
  return { kind: 'namespace', namespace };
}

/**
 * Listeners by what they watch. Key listeners sit in a map so that a change reaches only the
 * components of that key (React re-renders nothing else). A throwing listener is reported
 * and does not keep the change from the others.
 */
export class SubscriptionRegistry {
  readonly #byKey = new Map<string, Set<ChangeListener>>();
  readonly #byNamespace = new Map<string, Set<ChangeListener>>();
  readonly #byPrefix = new Set<PrefixSubscription>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  add(target: ResolvedTarget, listener: ChangeListener): () => void {
    if (target.kind === 'prefix') {
      const subscription = { namespace: target.namespace, prefix: target.prefix, listener };
      this.#byPrefix.add(subscription);
      return () => void this.#byPrefix.delete(subscription);
    }
    const [map, id] = target.kind === 'key' ? [this.#byKey, keyId(target.namespace, target.key)] : [this.#byNamespace, target.namespace];
    let listeners = map.get(id);
    if (!listeners) map.set(id, (listeners = new Set()));
    // A wrapper, so that subscribing the same function twice gives two subscriptions.
    const entry: ChangeListener = (change) => listener(change);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
      if (listeners.size === 0 && map.get(id) === listeners) map.delete(id);
    };
  }

  notify(change: ConfigChange): void {
    this.#call(this.#byKey.get(keyId(change.namespace, change.key)), change);
    this.#call(this.#byNamespace.get(change.namespace), change);
    for (const subscription of this.#byPrefix) {
      if (subscription.namespace === change.namespace && change.key.startsWith(subscription.prefix)) this.#run(subscription.listener, change);
    }
  }

  #call(listeners: Set<ChangeListener> | undefined, change: ConfigChange): void {
    if (!listeners) return;
    for (const listener of [...listeners]) this.#run(listener, change);
  }

  #run(listener: ChangeListener, change: ConfigChange): void {
    try {
      listener(change);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}

function keyId(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}
