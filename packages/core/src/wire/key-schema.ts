/** A key's JSON Schema (draft 2020-12) as `GET /api/v1/configs/{key}/schema` sends it. */
export interface KeySchema {
  namespace: string;
  key: string;
  /** The schema as it was stored: an object or a boolean. */
  schema: unknown;
  /** Per key, +1 on every change of the schema. */
  version: number;
  updated_at: string;
  updated_by: string;
}
