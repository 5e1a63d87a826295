import { parentPort } from 'node:worker_threads';
import { isLosslessNumber, parseJsonText } from '@config-service/core';

/** A request to parse, and its answer: the value with numbers as digit strings, and where they were. */
export interface ParseRequest {
  id: number;
  text: string;
}
export type ParseAnswer = { id: number; value: unknown; numbers: (string | number)[][] } | { id: number; error: string };

/**
 * Numbers cannot cross to the main thread as LosslessNumber (structured clone drops the class):
 * each becomes its digit string, and its path is listed so the main thread puts the number back.
 */
function strip(value: unknown, path: (string | number)[], numbers: (string | number)[][]): unknown {
  if (isLosslessNumber(value)) {
    numbers.push([...path]);
    return value.value;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      out[index] = strip(value[index], path, numbers);
      path.pop();
    }
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value)) {
      path.push(name);
      // Defined, not assigned: a key named "__proto__" stays a key.
      Object.defineProperty(out, name, { value: strip(field, path, numbers), enumerable: true, writable: true, configurable: true });
      path.pop();
    }
    return out;
  }
  return value;
}

parentPort?.on('message', ({ id, text }: ParseRequest) => {
  try {
    const numbers: (string | number)[][] = [];
    parentPort?.postMessage({ id, value: strip(parseJsonText(text), [], numbers), numbers } satisfies ParseAnswer);
  } catch (error) {
    const message = error instanceof RangeError ? 'the body is not valid JSON: nesting is too deep' : error instanceof Error ? error.message : String(error);
    parentPort?.postMessage({ id, error: message } satisfies ParseAnswer);
  }
});
