import type { SchemaEngine } from '../engine/schema-engine';
import { assertAllowed } from '../rules/access-policy';
import { etagFor, readPreconditions } from '../rules/conditional-headers';
import { validate } from '../rules/validate';
import { SchemaDocumentSchema } from '../wire/schemas';
import { keySchemaJson, schemaListJson } from '../wire/wire-format';
import { json, type Operation } from './operation';
import { keyParam, namespaceParam, writerIn } from './operation-inputs';

export type SchemaOperationName = 'readSchema' | 'putSchema' | 'deleteSchema' | 'listSchemas';

/** HTTP for the keys' JSON Schemas (contract v1.1, "Schemas"), free of any framework. */
export function schemaOperations(schemas: SchemaEngine): Record<SchemaOperationName, Operation> {
  return {
    async readSchema(request) {
      const key = keyParam(request);
      const namespace = namespaceParam(request);
      assertAllowed(request.principal, 'reader', namespace);
      const schema = await schemas.get(namespace, key);
      return json(200, keySchemaJson(schema), { ETag: etagFor(schema.version) });
    },

    async putSchema(request) {
      const key = keyParam(request);
      const namespace = namespaceParam(request);
      const actor = writerIn(request, namespace);
      const body = validate(SchemaDocumentSchema, request.body, 'body');
      const { schema, created } = await schemas.put(actor, namespace, key, body, readPreconditions(request.header));
      return json(created ? 201 : 200, keySchemaJson(schema), { ETag: etagFor(schema.version) });
    },

    async deleteSchema(request) {
      const key = keyParam(request);
      const namespace = namespaceParam(request);
      await schemas.delete(writerIn(request, namespace), namespace, key, readPreconditions(request.header));
      return { status: 204, body: null, headers: {} };
    },

    async listSchemas(request) {
      const namespace = namespaceParam(request);
      assertAllowed(request.principal, 'reader', namespace);
      return json(200, schemaListJson(namespace, await schemas.list(namespace)));
    },
  };
}
