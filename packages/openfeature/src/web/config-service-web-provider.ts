import { createClient, type BrowserClientOptions, type ConfigClient } from '@config-service/browser';
import { OpenFeatureEventEmitter, ProviderEvents, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from '@openfeature/web-sdk';
import { providerCore, type ProviderCore, type ProviderCoreOptions } from '../shared/provider-core';

export type ConfigServiceWebProviderOptions = ProviderCoreOptions &
  (
    | {
        /** A live client you made (`createClient` from @config-service/browser); you close it. */
        client: ConfigClient;
      }
    | ({ client?: undefined } & BrowserClientOptions)
  );

/**
 * An OpenFeature web provider over a live @config-service/browser client: evaluations are
 * synchronous reads from memory, kept current by the watch. The namespace is
 * `context.namespace`, else the `namespace` option, else the client's default.
 * @example
 * await OpenFeature.setProviderAndWait(new ConfigServiceWebProvider({ baseUrl, token, namespaces: ['web'] }));
 * const enabled = OpenFeature.getClient().getBooleanValue('checkout.new', false);
 */
export class ConfigServiceWebProvider implements Provider {
  readonly metadata = { name: 'config-service' } as const;
  readonly runsOn = 'client' as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly client: ConfigClient;
  readonly #core: ProviderCore;

  constructor(options: ConfigServiceWebProviderOptions) {
    const { namespace, initTimeoutMs, client, ...clientOptions } = options;
    this.client = client ?? createClient(clientOptions as BrowserClientOptions);
    this.#core = providerCore(this.client, client === undefined, { namespace, initTimeoutMs }, this.events, ProviderEvents);
  }

  initialize(): Promise<void> {
    return this.#core.initialize();
  }

  /** Every namespace the client keeps is in memory: a new context needs no fetch. */
  onContextChange(): void {}

  onClose(): Promise<void> {
    return this.#core.close();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): ResolutionDetails<boolean> {
    return this.#core.resolve(flagKey, defaultValue, 'boolean', context);
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): ResolutionDetails<string> {
    return this.#core.resolve(flagKey, defaultValue, 'string', context);
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): ResolutionDetails<number> {
    return this.#core.resolve(flagKey, defaultValue, 'number', context);
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext): ResolutionDetails<T> {
    return this.#core.resolve(flagKey, defaultValue, 'object', context);
  }
}
