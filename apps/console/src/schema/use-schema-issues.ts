import { useEffect, useMemo, useState } from 'react';
import { schemaIssuesOf } from '../components/lazy';
import { parseJson } from '../pages/value-preview';
import type { KeySchema } from '../session/sdk';
import type { SchemaIssue } from './schema-issue';

/**
 * How the editor's text breaks the key's schema: [] when it conforms, is not JSON (the syntax
 * error is shown instead) or there is no schema; undefined while the check (loaded with the
 * editor) has not answered for this text yet.
 */
export function useSchemaIssues(schema: KeySchema | undefined, text: string): SchemaIssue[] | undefined {
  const [result, setResult] = useState<{ text: string; schema: KeySchema; issues: SchemaIssue[] }>();
  // Parsed once per text: the render's answer and the check below read the same parse.
  const parsed = useMemo(() => (schema ? parseJson(text) : undefined), [schema, text]);
  useEffect(() => {
    if (!schema || !parsed?.ok) return;
    let current = true;
    void schemaIssuesOf(schema.schema, parsed.value).then((issues) => current && setResult({ text, schema, issues }));
    return () => {
      current = false;
    };
  }, [schema, text, parsed]);
  if (!schema || !parsed?.ok) return [];
  return result?.text === text && result.schema === schema ? result.issues : undefined;
}
