/*
 * The shape check of a stored snapshot, by hand: a schema library would be most of a browser
 * bundle (zod was 454 KB of 506), and this is the only shape the client checks itself: what
 * comes from the server is the server's to get right.
 */

type Check = (value: unknown) => string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const string: Check = (value) => (typeof value === 'string' ? undefined : 'expected a string');
const boolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'expected a boolean');
const revision: Check = (value) => (Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : 'expected an integer >= 0');
const literal =
  (expected: string | number): Check =>
  (value) =>
    value === expected ? undefined : `expected ${JSON.stringify(expected)}`;
const objectOrNull: Check = (value) => (value === null || isObject(value) ? undefined : 'expected an object or null');

/** The first problem in `value` against `fields`, as `path: message`; undefined when it fits. */
function checkObject(value: unknown, fields: Record<string, Check>, path: string): string | undefined {
  if (!isObject(value)) return `${path || '(root)'}: expected an object`;
  for (const [name, check] of Object.entries(fields)) {
    const problem = check(value[name]);
    if (problem !== undefined) return `${join(path, name)}: ${problem}`;
  }
  return undefined;
}

function join(path: string, name: string | number): string {
  return path ? `${path}.${name}` : String(name);
}

function entryProblem(entry: unknown, path: string): string | undefined {
  return checkObject(
    entry,
    {
      namespace: string,
      key: string,
      version: revision,
      revision,
      secret: boolean,
      metadata: objectOrNull,
      created_at: string,
      updated_at: string,
      updated_by: string,
      value: (value) => (value === undefined ? 'expected a value' : undefined),
    },
    path,
  );
}

function namespaceProblem(stored: unknown, path: string): string | undefined {
  if (!isObject(stored)) return `${path}: expected an object`;
  if (!Array.isArray(stored.entries)) return `${join(path, 'entries')}: expected an array`;
  for (const [index, entry] of stored.entries.entries()) {
    const problem = entryProblem(entry, join(join(path, 'entries'), index));
    if (problem !== undefined) return problem;
  }
  if (!isObject(stored.known)) return `${join(path, 'known')}: expected an object`;
  for (const [key, known] of Object.entries(stored.known)) {
    const problem = revision(known);
    if (problem !== undefined) return `${join(join(path, 'known'), key)}: ${problem}`;
  }
  return undefined;
}

/** What is wrong with a parsed snapshot file, or undefined when it has the snapshot's shape. */
export function snapshotProblem(json: unknown, format: string, formatVersion: number): string | undefined {
  const problem = checkObject(json, { format: literal(format), format_version: literal(formatVersion), saved_at: string, base_url: string, revision }, '');
  if (problem !== undefined) return problem;
  const namespaces = (json as Record<string, unknown>).namespaces;
  if (!isObject(namespaces)) return 'namespaces: expected an object';
  for (const [namespace, stored] of Object.entries(namespaces)) {
    const found = namespaceProblem(stored, join('namespaces', namespace));
    if (found !== undefined) return found;
  }
  return undefined;
}
