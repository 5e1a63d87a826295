import { lazy, Suspense, type ComponentProps } from 'react';

// The editor and the diff are most of the console's code: they load when first shown, which
// keeps the first page small.
const LazyJsonEditor = lazy(() => import('./json-editor'));
const LazyJsonDiff = lazy(() => import('./json-diff'));

export function JsonEditor(props: ComponentProps<typeof LazyJsonEditor>) {
  return (
    <Suspense fallback={<p className="muted">Loading the editor…</p>}>
      <LazyJsonEditor {...props} />
    </Suspense>
  );
}

export function JsonDiff(props: ComponentProps<typeof LazyJsonDiff>) {
  return (
    <Suspense fallback={<p className="muted">Loading the diff…</p>}>
      <LazyJsonDiff {...props} />
    </Suspense>
  );
}

/** The merge needs jsondiffpatch too: loaded on demand, like the diff view. */
export async function mergeEdits(...args: Parameters<typeof import('./json-diff').mergeEdits>) {
  const module = await import('./json-diff');
  return module.mergeEdits(...args);
}

/** The key's schema check: loaded with the editor, which marks the same issues in the text. */
export async function schemaIssuesOf(schema: unknown, value: unknown) {
  const module = await import('../schema/schema-issues');
  return module.schemaIssues(schema, value);
}
