import { useEffect, useRef } from 'react';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { json, jsonLanguage, jsonParseLinter } from '@codemirror/lang-json';
import { bracketMatching, foldGutter, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { linter, lintGutter } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { handleRefresh, jsonCompletion, stateExtensions, updateSchema } from 'codemirror-json-schema';
import { schemaLintSource } from '../schema/schema-lint';

// codemirror-json-schema answers "nothing to offer" with [] where @codemirror/autocomplete
// expects null (an array there throws "result.options is not iterable").
const completeFromSchema = jsonCompletion();
const schemaCompletion = (context: CompletionContext): CompletionResult | null => {
  const result = completeFromSchema(context);
  return Array.isArray(result) ? null : result;
};

/** codemirror-json-schema types schemas as draft 7; the server stores 2020-12, a superset in JSON. */
type EditorSchema = Parameters<typeof updateSchema>[1];

export interface JsonEditorProps {
  value: string;
  onChange(text: string): void;
  /** Ctrl/Cmd+S. */
  onSave?(): void;
  label: string;
  readOnly?: boolean;
  /** The key's JSON Schema: its fields are offered as completions and its violations marked. */
  schema?: object | undefined;
}

// Colours from CSS variables, so one style serves the light and the dark theme (styles.css).
const jsonHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--syntax-property)' },
  { tag: tags.string, color: 'var(--syntax-string)' },
  { tag: tags.number, color: 'var(--syntax-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--syntax-atom)' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);

/**
 * CodeMirror 6 with JSON highlighting and syntax errors marked as you type; with the key's
 * schema, completion of its property names and values (codemirror-json-schema) and its
 * violations marked at the field. Tab indents; Escape then Tab leaves the editor (CodeMirror's
 * own rule), so the keyboard is never trapped.
 */
export default function JsonEditor({ value, onChange, onSave, label, readOnly = false, schema }: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          foldGutter(),
          history(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(jsonHighlight),
          json(),
          linter(jsonParseLinter(), { delay: 200 }),
          // The schema lives in the editor state, so a schema that arrives later re-lints.
          stateExtensions(schema as EditorSchema),
          linter(schemaLintSource, { delay: 200, needsRefresh: handleRefresh }),
          jsonLanguage.data.of({ autocomplete: schemaCompletion }),
          autocompletion(),
          // A typed quote gets its pair: property names complete inside "…", as the schema
          // completion expects, and as in any code editor.
          closeBrackets(),
          lintGutter(),
          keymap.of([
            { key: 'Mod-s', preventDefault: true, run: () => (callbacks.current.onSave?.(), true) },
            ...closeBracketsKeymap,
            ...completionKeymap,
            indentWithTab,
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          EditorState.readOnly.of(readOnly),
          // Read-only: not editable, but still reachable with Tab so it can be read and copied.
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of(readOnly ? { 'aria-label': label, 'aria-readonly': 'true', tabindex: '0' } : { 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is made once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnly, label]);

  useEffect(() => {
    if (view.current) updateSchema(view.current, schema as EditorSchema);
  }, [schema]);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div className="json-editor" ref={host} data-testid="json-editor" />;
}
