import { canonicalJson, type ConfigEntry, type JsonValue } from '@config-service/core';
import type { DocumentEntry } from './config-document';
import { showValue } from './output';

export type ChangeKind = 'create' | 'update' | 'delete';

/** One write that brings a key of the target to what is wanted. */
export interface PlannedChange {
  kind: ChangeKind;
  namespace: string;
  key: string;
  /** The target's version when it was read: the write is made with `If-Match` on it. */
  version?: number;
  from?: DocumentEntry;
  to?: DocumentEntry;
}

export interface NamespacePlan {
  namespace: string;
  changes: PlannedChange[];
  unchanged: number;
  /** Secrets exported without their value: left as they are on the target. */
  skipped: string[];
}

export function documentEntryOf(entry: ConfigEntry<JsonValue>, includeSecretValues = true): DocumentEntry {
  const out: DocumentEntry = {};
  if (!entry.secret || includeSecretValues) out.value = entry.value;
  if (entry.secret) out.secret = true;
  if (entry.metadata !== null && entry.metadata !== undefined) out.metadata = entry.metadata as Record<string, JsonValue>;
  return out;
}

function same(a: DocumentEntry, b: DocumentEntry): boolean {
  return canonicalJson(a.value) === canonicalJson(b.value) && Boolean(a.secret) === Boolean(b.secret) && canonicalJson(a.metadata ?? null) === canonicalJson(b.metadata ?? null);
}

/**
 * What makes `current` (the target namespace as listed) hold `wanted`: creates, updates, and
 * with `prune` deletes of keys `wanted` lacks. Sorted by key, so plans read the same every time.
 */
export function planNamespace(namespace: string, current: ConfigEntry<JsonValue>[], wanted: Record<string, DocumentEntry>, prune: boolean): NamespacePlan {
  const byKey = new Map(current.map((entry) => [entry.key, entry]));
  const changes: PlannedChange[] = [];
  const skipped: string[] = [];
  let unchanged = 0;
  for (const key of Object.keys(wanted).sort()) {
    const want = wanted[key]!;
    const have = byKey.get(key);
    if (!('value' in want)) {
      skipped.push(key);
      continue;
    }
    if (!have) changes.push({ kind: 'create', namespace, key, to: want });
    else if (same(documentEntryOf(have), want)) unchanged++;
    else changes.push({ kind: 'update', namespace, key, version: Number(have.version), from: documentEntryOf(have), to: want });
  }
  if (prune) {
    for (const entry of [...current].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      if (!(entry.key in wanted)) changes.push({ kind: 'delete', namespace, key: entry.key, version: Number(entry.version), from: documentEntryOf(entry) });
    }
  }
  return { namespace, changes, unchanged, skipped };
}

const SIGN: Record<ChangeKind, string> = { create: '+', update: '~', delete: '-' };

/** The plan as a person reads it: `+` create, `~` update (old → new), `-` delete; secrets hidden. */
export function renderPlans(plans: NamespacePlan[]): string {
  const lines: string[] = [];
  for (const plan of plans) {
    lines.push(`${plan.namespace}:`);
    for (const change of plan.changes) {
      const secret = Boolean(change.to?.secret ?? change.from?.secret);
      const value = (entry: DocumentEntry | undefined) => showValue(entry?.value, Boolean(entry?.secret) || secret);
      if (change.kind === 'create') lines.push(`  + ${change.key} = ${value(change.to)}${change.to?.secret ? ' (secret)' : ''}`);
      if (change.kind === 'delete') lines.push(`  - ${change.key} (was ${value(change.from)}, version ${change.version})`);
      if (change.kind === 'update') {
        const what: string[] = [];
        if (canonicalJson(change.from?.value) !== canonicalJson(change.to?.value)) what.push(`${value(change.from)} → ${value(change.to)}`);
        if (Boolean(change.from?.secret) !== Boolean(change.to?.secret)) what.push(change.to?.secret ? 'becomes secret' : 'no longer secret');
        if (canonicalJson(change.from?.metadata ?? null) !== canonicalJson(change.to?.metadata ?? null)) what.push(`metadata ${showValue(change.from?.metadata ?? null)} → ${showValue(change.to?.metadata ?? null)}`);
        lines.push(`  ${SIGN.update} ${change.key}: ${what.join('; ')} (version ${change.version})`);
      }
    }
    for (const key of plan.skipped) lines.push(`  ! ${key}: secret without its value in the file, left as it is`);
    lines.push(`  ${plan.changes.length === 0 ? 'no changes' : countChanges(plan.changes)}, ${plan.unchanged} unchanged`);
  }
  return lines.join('\n');
}

function countChanges(changes: PlannedChange[]): string {
  const count = (kind: ChangeKind) => changes.filter((change) => change.kind === kind).length;
  return `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete`;
}
