import { SingleBar, Presets } from 'cli-progress';
import type { DocumentEntry } from './config-document';
import type { NamespacePlan, PlannedChange } from './namespace-diff';
import { api, type RemoteOptions } from './remote';

/**
 * Makes the planned writes, each conditional on what the plan was made from: a create with
 * `If-None-Match: *`, an update or delete with `If-Match` on the version read. If someone
 * changed a key in between, that write fails with 412 and the rest stop: nothing is
 * overwritten blindly, and running the command again plans from the new state.
 */
export async function applyPlans(remote: RemoteOptions, plans: NamespacePlan[], progress: boolean): Promise<{ applied: number }> {
  const changes = plans.flatMap((plan) => plan.changes);
  const bar = progress ? new SingleBar({ format: 'applying [{bar}] {value}/{total} changes', stream: process.stderr, noTTYOutput: false }, Presets.shades_classic) : undefined;
  bar?.start(changes.length, 0);
  let applied = 0;
  try {
    for (const change of changes) {
      await applyChange(remote, change);
      applied++;
      bar?.update(applied);
    }
  } finally {
    bar?.stop();
  }
  return { applied };
}

function applyChange(remote: RemoteOptions, change: PlannedChange): Promise<unknown> {
  const path = `/api/v1/configs/${encodeURIComponent(change.key)}?namespace=${encodeURIComponent(change.namespace)}`;
  if (change.kind === 'delete') return api(remote, 'DELETE', path, undefined, { 'if-match': `"${change.version}"` });
  const precondition: Record<string, string> = change.kind === 'create' ? { 'if-none-match': '*' } : { 'if-match': `"${change.version}"` };
  return api(remote, 'PUT', path, writeBody(change.to!), precondition);
}

function writeBody(entry: DocumentEntry): Record<string, unknown> {
  return { value: entry.value, secret: Boolean(entry.secret), metadata: entry.metadata ?? null };
}

/** A plan for `--output json`: secret values are never printed. */
export function planJson(plans: NamespacePlan[]): unknown {
  const hide = (entry: DocumentEntry | undefined) => (entry?.secret ? { ...entry, value: '[secret]' } : entry);
  return {
    namespaces: plans.map((plan) => ({
      namespace: plan.namespace,
      unchanged: plan.unchanged,
      skipped: plan.skipped,
      changes: plan.changes.map((change) => ({ ...change, from: hide(change.from), to: hide(change.to) })),
    })),
  };
}
