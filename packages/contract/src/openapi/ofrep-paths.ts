import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { PROBLEM_CONTENT_TYPE } from '@config-service/core';
import { ProblemSchema } from '../wire/schemas';

/*
 * OFREP (open-feature/protocol service/openapi.yaml) as this server implements it: a config
 * value is a flag, evaluated to itself. The shapes follow OFREP's; the choices it leaves open
 * are in the descriptions.
 */

const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } });

const EvaluationContextSchema = z
  .looseObject({
    namespace: z.string().optional().meta({ description: 'The namespace to evaluate in; `default` when absent.' }),
    targetingKey: z.string().optional().meta({ description: 'Accepted and ignored: config values are not targeted.' }),
  })
  .meta({ id: 'OfrepEvaluationContext', description: 'OpenFeature evaluation context. Only `namespace` is read.' });

const EvaluationRequestSchema = z
  .object({ context: EvaluationContextSchema.optional() })
  .meta({ id: 'OfrepEvaluationRequest', description: 'No body is the same as `{}`.' });

const EvaluationSuccessSchema = z
  .object({
    key: z.string(),
    value: z.unknown().meta({ description: 'The config value, any JSON; numbers keep every digit.' }),
    reason: z.literal('STATIC'),
    variant: z.string().meta({ description: 'The entry version, as a string.' }),
    metadata: z.object({ namespace: z.string(), version: z.number().int(), revision: z.number().int() }),
  })
  .meta({ id: 'OfrepEvaluationSuccess' });

const EvaluationFailureSchema = z
  .object({
    key: z.string().optional().meta({ description: 'Absent on a bulk request.' }),
    errorCode: z.enum(['PARSE_ERROR', 'INVALID_CONTEXT']),
    errorDetails: z.string(),
  })
  .meta({ id: 'OfrepEvaluationFailure' });

const FlagNotFoundSchema = z
  .object({ key: z.string(), errorCode: z.literal('FLAG_NOT_FOUND'), errorDetails: z.string() })
  .meta({ id: 'OfrepFlagNotFound' });

const BulkEvaluationSuccessSchema = z.object({ flags: z.array(EvaluationSuccessSchema) }).meta({ id: 'OfrepBulkEvaluationSuccess' });

const authErrors = {
  '401': problem('`unauthorized`: no credential, or an unknown, expired or revoked one.'),
  '403': problem('`forbidden`: the key lacks the reader role or may not read the namespace.'),
  '429': problem('`rate_limited`: the same per-credential limit as the API; `Retry-After` in seconds.'),
  '503': problem('`unavailable`: the database cannot be reached.'),
};
const badRequest = { description: '`PARSE_ERROR`: the body is not JSON; `INVALID_CONTEXT`: `context` is not an object or `context.namespace` is not a namespace name.', content: { 'application/json': { schema: EvaluationFailureSchema } } };
const evaluationBody = { required: false, content: { 'application/json': { schema: EvaluationRequestSchema } } };

export const ofrepPaths: ZodOpenApiPathsObject = {
  '/ofrep/v1/evaluate/flags/{key}': {
    post: {
      operationId: 'ofrepEvaluateFlag',
      tags: ['OFREP'],
      summary: 'Evaluate one config value as an OpenFeature flag (OFREP)',
      description: 'Needs the **reader** role in the namespace (`context.namespace`, else `default`). Secrets evaluate like any value for callers who may read them.',
      requestParams: { path: z.object({ key: z.string().meta({ description: 'The config key.' }) }) },
      requestBody: evaluationBody,
      responses: {
        '200': { description: 'The value, `reason` `STATIC`, `variant` its version.', content: { 'application/json': { schema: EvaluationSuccessSchema } } },
        '400': badRequest,
        '404': { description: '`FLAG_NOT_FOUND`: no such key in the namespace (absent, deleted, or not a key name).', content: { 'application/json': { schema: FlagNotFoundSchema } } },
        ...authErrors,
      },
    },
  },
  '/ofrep/v1/evaluate/flags': {
    post: {
      operationId: 'ofrepEvaluateFlags',
      tags: ['OFREP'],
      summary: 'Evaluate every config value of a namespace (OFREP bulk)',
      description:
        'Needs the **reader** role in the namespace (`context.namespace`, else `default`); every live key, sorted. ' +
        'The `ETag` is a digest of the body: `If-None-Match` with it gives 304 until a value of this namespace changes.',
      requestParams: { header: z.object({ 'if-none-match': z.string().optional().meta({ description: 'An `ETag` from an earlier answer.' }) }) },
      requestBody: evaluationBody,
      responses: {
        '200': {
          description: 'Every flag of the namespace.',
          headers: z.object({ ETag: z.string().meta({ description: 'A digest of this body.' }) }),
          content: { 'application/json': { schema: BulkEvaluationSuccessSchema } },
        },
        '304': { description: 'Unchanged since that `ETag`.', headers: z.object({ ETag: z.string() }) },
        '400': badRequest,
        ...authErrors,
      },
    },
  },
};
