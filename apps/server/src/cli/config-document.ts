import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LosslessNumber, isLosslessNumber, parseJsonText, stringifyJson, isValidKey, isValidNamespace, type JsonValue } from '@config-service/core';
import { CliError, EXIT } from './cli-errors';

/** One key as an export file holds it. `value` is absent for a secret exported without its value. */
export interface DocumentEntry {
  value?: JsonValue;
  secret?: boolean;
  metadata?: Record<string, JsonValue> | null;
}

/**
 * An export: `{ format, exported_at, namespaces: { [namespace]: { [key]: DocumentEntry } } }`.
 * Versions are not part of it: an import makes new versions on the target.
 */
export interface ConfigDocument {
  format: typeof FORMAT;
  exported_at?: string;
  namespaces: Record<string, Record<string, DocumentEntry>>;
}

export const FORMAT = 'config-service/v1';

export type FileFormat = 'json' | 'yaml';

export function formatOfPath(path: string, given?: string): FileFormat {
  if (given === 'json' || given === 'yaml') return given;
  if (given) throw new CliError(`--format must be json or yaml, not "${given}"`, EXIT.usage);
  return ['.yaml', '.yml'].includes(extname(path).toLowerCase()) ? 'yaml' : 'json';
}

export async function renderDocument(document: ConfigDocument, format: FileFormat): Promise<string> {
  if (format === 'json') return `${prettyJson(document)}\n`;
  // Loaded by the commands that read or write YAML only: every other command starts without it.
  const { stringify } = await import('yaml');
  return stringify(toPlainNumbers(document), { lineWidth: 0 });
}

export async function writeDocument(path: string, document: ConfigDocument, format: FileFormat): Promise<void> {
  const text = await renderDocument(document, format);
  if (path === '-') process.stdout.write(text);
  else writeFileSync(path, text, { mode: 0o600 });
}

export async function readDocument(path: string, given?: string): Promise<ConfigDocument> {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, EXIT.invalid);
  }
  const format = path === '-' ? (given === 'yaml' ? 'yaml' : 'json') : formatOfPath(path, given);
  const parseYaml = format === 'yaml' ? (await import('yaml')).parse : undefined;
  let parsed: unknown;
  try {
    parsed = parseYaml ? parseYaml(text, { intAsBigInt: true }) : parseJsonText(text);
  } catch (error) {
    throw new CliError(`${path} is not valid ${format.toUpperCase()}: ${(error as Error).message}`, EXIT.invalid);
  }
  return checkDocument(fromYamlNumbers(parsed), path);
}

function checkDocument(parsed: unknown, path: string): ConfigDocument {
  const fail = (what: string) => new CliError(`${path}: ${what}`, EXIT.invalid, `an export file looks like {"format":"${FORMAT}","namespaces":{"payments":{"stripe.timeout_ms":{"value":3000}}}}`);
  if (!isObject(parsed) || parsed.format !== FORMAT) throw fail(`"format" must be "${FORMAT}"`);
  if (!isObject(parsed.namespaces)) throw fail('"namespaces" must be an object');
  for (const [namespace, keys] of Object.entries(parsed.namespaces)) {
    if (!isValidNamespace(namespace)) throw fail(`"${namespace}" is not a valid namespace`);
    if (!isObject(keys)) throw fail(`namespace "${namespace}" must map keys to entries`);
    for (const [key, entry] of Object.entries(keys)) {
      if (!isValidKey(key)) throw fail(`"${key}" in "${namespace}" is not a valid key`);
      if (!isObject(entry)) throw fail(`"${namespace}/${key}" must be an object with "value"`);
      if (!('value' in entry) && entry.secret !== true) throw fail(`"${namespace}/${key}" has no "value"`);
    }
  }
  return parsed as unknown as ConfigDocument;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/** JSON with two-space indentation and every digit of every number kept. */
function prettyJson(value: unknown): string {
  return indent(parseJsonText(stringifyJson(value)), '');
}

function indent(value: unknown, pad: string): string {
  const inner = `${pad}  `;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((item) => inner + indent(item, inner)).join(',\n')}\n${pad}]`;
  if (isObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${indent(v, inner)}`).join(',\n')}\n${pad}}`;
  }
  return stringifyJson(value);
}

/** YAML has no lossless numbers: exact ones become numbers, others stop the export with advice. */
function toPlainNumbers(value: unknown, path = ''): unknown {
  if (isLosslessNumber(value)) {
    const text = value.toString();
    const number = Number(text);
    if (/^-?\d+$/.test(text) && !Number.isSafeInteger(number)) return BigInt(text);
    const significant = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    if (significant.length > 15) {
      throw new CliError(`the number ${text} at ${path} cannot be written exactly in YAML`, EXIT.invalid, 'export to a .json file instead');
    }
    return number;
  }
  if (Array.isArray(value)) return value.map((item, i) => toPlainNumbers(item, `${path}/${i}`));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainNumbers(v, `${path}/${k}`)]));
  return value;
}

/** The YAML parser's numbers (bigint for integers) as the lossless numbers the rest uses. */
function fromYamlNumbers(value: unknown): unknown {
  if (typeof value === 'bigint') return new LosslessNumber(value.toString());
  if (typeof value === 'number') return new LosslessNumber(String(value));
  if (Array.isArray(value)) return value.map(fromYamlNumbers);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromYamlNumbers(v)]));
  return value;
}
