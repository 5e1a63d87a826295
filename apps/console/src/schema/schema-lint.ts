import { syntaxTree } from '@codemirror/language';
import type { Diagnostic } from '@codemirror/lint';
import type { SyntaxNode } from '@lezer/common';
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

/**
 * The value of the property whose name starts at `keyFrom`: the last child of its Property
 * node. (The library's own `valueFrom` is the colon token with today's @lezer/json.)
 */
function valueRange(view: EditorView, keyFrom: number): { from: number; to: number } | undefined {
  let node: SyntaxNode | null = syntaxTree(view.state).resolve(keyFrom, 1);
  while (node && node.name !== 'Property') node = node.parent;
  const value = node?.lastChild;
  return value && value.name !== 'PropertyName' && value.name !== 'PropertyColon' && value.from > keyFrom ? value : undefined;
}

function diagnosticOf(view: EditorView, pointers: Map<string, PointerData>, issue: SchemaIssue): Diagnostic {
  const place = placeOf(pointers, issue.path);
  let from = 0;
  let to = Math.min(1, view.state.doc.length);
  if (place && 'valueFrom' in place) {
    // A property: its name when the property itself is refused, else its value.
    ({ keyFrom: from, keyTo: to } = place);
    const value = issue.property ? undefined : valueRange(view, place.keyFrom);
    if (value) ({ from, to } = value);
  } else if (place) {
    // An object (the document's, or a property's value): its opening brace.
    from = place.keyFrom;
    to = from + 1;
  }
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
