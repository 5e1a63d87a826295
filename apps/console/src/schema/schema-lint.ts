import type { Diagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import { getJsonPointers, getJSONSchema } from 'codemirror-json-schema';
import type { SchemaIssue } from './schema-issue';
import { schemaIssues } from './schema-issues';

type PointerData = ReturnType<typeof getJsonPointers> extends Map<string, infer D> ? D : never;

/** The nearest place in the document for a pointer: array items are not mapped, their parent is. */
function placeOf(pointers: Map<string, PointerData>, path: string): PointerData | undefined {
  for (let at = path; ; at = at.slice(0, at.lastIndexOf('/'))) {
    const found = pointers.get(at);
    if (found || at === '') return found;
  }
}

function diagnosticOf(view: EditorView, pointers: Map<string, PointerData>, issue: SchemaIssue): Diagnostic {
  const place = placeOf(pointers, issue.path);
  let from = 0;
  let to = Math.min(1, view.state.doc.length);
  if (place && 'valueFrom' in place && !issue.property) ({ valueFrom: from, valueTo: to } = place);
  else if (place && 'valueFrom' in place) ({ keyFrom: from, keyTo: to } = place);
  // An object as a whole (a missing required property): its opening brace.
  else if (place) ({ keyFrom: from } = place), (to = from + 1);
  return { from, to, severity: 'error', source: 'schema', message: issue.path ? `${issue.path}: ${issue.message}` : issue.message };
}

/**
 * The lint source: the key's schema (held in the editor state by codemirror-json-schema's
 * `stateExtensions`) checked against the document, each issue marked at its field. Nothing
 * while the text is not JSON: the syntax linter speaks then.
 */
export function schemaLintSource(view: EditorView): Diagnostic[] {
  const schema = getJSONSchema(view.state);
  if (schema === undefined || schema === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(view.state.doc.toString());
  } catch {
    return [];
  }
  const issues = schemaIssues(schema, value);
  if (issues.length === 0) return [];
  // 'json4': the library's name for plain JSON (beside json5 and yaml).
  const pointers = getJsonPointers(view.state, 'json4') as Map<string, PointerData>;
  return issues.map((issue) => diagnosticOf(view, pointers, issue));
}
