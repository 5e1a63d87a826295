import type { EvaluationDetails, FlagValue } from '@openfeature/core';

/** Which OpenFeature evaluation reads a flag whose default is `defaultValue` (of the key's type, from its schema). */
export type FlagKind = 'Boolean' | 'Number' | 'String' | 'Object';

export function flagKindOf(defaultValue: unknown): FlagKind {
  switch (typeof defaultValue) {
    case 'boolean':
      return 'Boolean';
    case 'number':
      return 'Number';
    case 'string':
      return 'String';
    default:
      return 'Object';
  }
}

/** An OpenFeature client seen as its eight evaluation methods (`getBooleanValue` … `getObjectDetails`). */
export type EvaluationMethods = Record<`get${FlagKind}${'Value' | 'Details'}`, (key: string, defaultValue: never, ...rest: never[]) => unknown>;

/** The evaluation method of `client` that reads a flag with this default. */
export function evaluationFor(client: EvaluationMethods, part: 'Value' | 'Details', defaultValue: unknown): (key: string, defaultValue: unknown, ...rest: unknown[]) => unknown {
  return client[`get${flagKindOf(defaultValue)}${part}`].bind(client) as never;
}

/** An evaluation's details with the key's own type as the value (OpenFeature's type allows only its flag values). */
export type TypedDetails<T> = Omit<EvaluationDetails<FlagValue>, 'value'> & { value: T };
