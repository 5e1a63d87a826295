import type { z } from 'zod';
import { ValidationError } from '@config-service/core';

/** Parses `input` with `schema`, or throws the contract's 400 listing every problem. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path' | 'header'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.slice(0, 20).map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = errors[0];
  throw new ValidationError(first ? `${first.path}: ${first.message}` : `the ${where} is not valid`, { errors });
}
