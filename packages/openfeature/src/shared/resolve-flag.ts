import { ErrorCode, StandardResolutionReasons, type EvaluationContext, type FlagValue, type ResolutionDetails } from '@openfeature/core';
import type { LiveClient, LiveStatus } from './live-client';

export type FlagType = 'boolean' | 'string' | 'number' | 'object';

/**
 * The namespace an evaluation reads: `context.namespace` when it is a string, else the
 * provider's `namespace` option, else the client's default namespace.
 */
export function namespaceFor(context: EvaluationContext | undefined, providerNamespace: string | undefined, client: LiveClient): string {
  const fromContext = context?.namespace;
  return typeof fromContext === 'string' ? fromContext : (providerNamespace ?? client.defaultNamespace);
}

/** Where the value came from, as an OpenFeature reason. */
function reasonFor(status: LiveStatus): string {
  switch (status) {
    case 'ready':
      return StandardResolutionReasons.STATIC; // in sync with the server: the value, untargeted
    case 'stale':
      return StandardResolutionReasons.STALE; // the server cannot be reached: the last value known
    default:
      return StandardResolutionReasons.CACHED; // before the first sync: a snapshot or initialValues
  }
}

function hasType(value: unknown, type: FlagType): boolean {
  if (type === 'object') return typeof value === 'object' && value !== null;
  return typeof value === type;
}

function failure<T>(defaultValue: T, errorCode: ErrorCode, errorMessage: string): ResolutionDetails<T> {
  return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode, errorMessage };
}

/**
 * A config value as a flag: the value itself, `variant` its version, metadata
 * `{namespace, version, revision}`. An absent key is FLAG_NOT_FOUND, a value of another type
 * TYPE_MISMATCH, a namespace the client does not keep INVALID_CONTEXT.
 */
export function resolveFlag<T extends FlagValue>(client: LiveClient, key: string, defaultValue: T, type: FlagType, namespace: string): ResolutionDetails<T> {
  if (client.fatalError !== undefined) {
    return failure(defaultValue, ErrorCode.GENERAL, `the config-service client stopped: ${(client.fatalError as Error)?.message ?? String(client.fatalError)}`);
  }
  if (!client.namespaces.includes(namespace)) {
    return failure(defaultValue, ErrorCode.INVALID_CONTEXT, `the namespace "${namespace}" is not kept by this client (it keeps ${client.namespaces.join(', ')}): add it to \`namespaces\``);
  }
  const entry = client.getEntry(key, { namespace });
  if (entry === undefined) return failure(defaultValue, ErrorCode.FLAG_NOT_FOUND, `${namespace}/${key} does not exist`);
  if (!hasType(entry.value, type)) {
    const actual = entry.value === null ? 'null' : Array.isArray(entry.value) ? 'array' : typeof entry.value;
    return failure(defaultValue, ErrorCode.TYPE_MISMATCH, `${namespace}/${key} is a ${actual}, not a ${type}`);
  }
  return {
    value: entry.value as T,
    reason: reasonFor(client.status),
    variant: String(entry.version),
    flagMetadata: { namespace, version: entry.version, revision: entry.revision },
  };
}

