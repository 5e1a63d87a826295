import { createClient, type ConfigClient, type NodeClientOptions } from '@config-service/node';
import { OpenFeatureEventEmitter, ProviderEvents, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import { providerCore, type ProviderCore, type ProviderCoreOptions } from '../shared/provider-core';

export type ConfigServiceProviderOptions = ProviderCoreOptions &
  (
    | {
        /** A live client you made (`createClient` from @config-service/node); you close it. */
        client: ConfigClient;
      }
    | ({ client?: undefined } & NodeClientOptions)
  );

/**
 * An OpenFeature server provider over a live @config-service/node client: an evaluation is a
 * read from memory, kept current by the watch. The namespace is `context.namespace`, else the
 * `namespace` option, else the client's default.
 * @example
 * await OpenFeature.setProviderAndWait(new ConfigServiceProvider({ baseUrl, apiKey, namespaces: ['flags'] }));
 * const enabled = await OpenFeature.getClient().getBooleanValue('checkout.new', false, { namespace: 'flags' });
 */
export class ConfigServiceProvider implements Provider {
  readonly metadata = { name: 'config-service' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly client: ConfigClient;
  readonly #core: ProviderCore;

  constructor(options: ConfigServiceProviderOptions) {
    const { namespace, initTimeoutMs, client, ...clientOptions } = options;
    this.client = client ?? createClient(clientOptions as NodeClientOptions);
    this.#core = providerCore(this.client, client === undefined, { namespace, initTimeoutMs }, this.events, ProviderEvents);
  }

  initialize(): Promise<void> {
    return this.#core.initialize();
  }

  onClose(): Promise<void> {
    return this.#core.close();
  }

  async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.#core.resolve(flagKey, defaultValue, 'boolean', context);
  }

  async resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.#core.resolve(flagKey, defaultValue, 'string', context);
  }

  async resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.#core.resolve(flagKey, defaultValue, 'number', context);
  }

  async resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    return this.#core.resolve(flagKey, defaultValue, 'object', context);
  }
}
