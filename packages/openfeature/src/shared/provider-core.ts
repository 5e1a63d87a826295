import type { EvaluationContext, FlagValue, ResolutionDetails } from '@openfeature/core';
import { followClient, type ClientEventSink, type ClientFollower } from './client-events';
import type { LiveClient } from './live-client';
import { namespaceFor, resolveFlag, type FlagType } from './resolve-flag';
import { waitUntilServing } from './wait-until-serving';

/** Options both providers share. */
export interface ProviderCoreOptions {
  /**
   * The namespace read when the evaluation context has no `namespace`.
   * @default the client's `defaultNamespace`
   */
  namespace?: string;
  /** How long `initialize` waits for the first sync. @default 10000 */
  initTimeoutMs?: number;
}

/** What the server and the web provider do alike; each adds its SDK's types and events. */
export class ProviderCore {
  #follower: ClientFollower | undefined;

  constructor(
    readonly client: LiveClient,
    private readonly owned: boolean,
    private readonly options: ProviderCoreOptions,
    private readonly sink: ClientEventSink,
  ) {}

  async initialize(): Promise<void> {
    this.#follower ??= followClient(this.client, this.sink);
    try {
      await waitUntilServing(this.client, this.options.initTimeoutMs ?? 10_000);
    } catch (error) {
      this.#follower.degrade();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#follower?.stop();
    this.#follower = undefined;
    if (this.owned) await this.client.close();
  }

  resolve<T extends FlagValue>(key: string, defaultValue: T, type: FlagType, context: EvaluationContext | undefined): ResolutionDetails<T> {
    return resolveFlag(this.client, key, defaultValue, type, namespaceFor(context, this.options.namespace, this.client));
  }
}

/** The part of either SDK's `OpenFeatureEventEmitter` a provider emits on, and that SDK's event enum. */
export interface ProviderEventEmitter<E> {
  emit(event: E, details?: { message?: string; flagsChanged?: string[] }): void;
}
type ProviderEventNames<E> = Record<'Ready' | 'Stale' | 'Error' | 'ConfigurationChanged', E>;

/** The core of a provider whose events go to `events`, the SDK's emitter, named by the SDK's `ProviderEvents`. */
export function providerCore<E>(client: LiveClient, owned: boolean, options: ProviderCoreOptions, events: ProviderEventEmitter<E>, names: ProviderEventNames<E>): ProviderCore {
  return new ProviderCore(client, owned, options, {
    ready: () => events.emit(names.Ready),
    stale: (message) => events.emit(names.Stale, { message }),
    error: (message) => events.emit(names.Error, { message }),
    changed: (keys) => events.emit(names.ConfigurationChanged, { flagsChanged: keys }),
  });
}
