import type { HistoryAction } from '@config-service/core';
import type { CommittedChange } from '@config-service/contract';
import { wallClockMs } from './wall-clock';

/*
 * A change on the wire between replicas: one line of JSON for the fields, a newline, then the
 * value's JSON text exactly as stored — never parsed and re-serialised, so numbers keep every
 * digit and a sealed secret stays sealed.
 */

interface Header {
  /** The publishing replica. */
  o: string;
  /** Published at, ms since the epoch (fractional). */
  p: number;
  ns: string;
  k: string;
  ver: number;
  rev: number;
  a: HistoryAction;
  s: boolean;
  by: string;
  at: number;
  /** The value is null (a deletion). */
  n?: 1;
}

export interface DecodedChangeMessage {
  origin: string;
  publishedAt: number;
  change: CommittedChange;
}

export function encodeChangeMessage(origin: string, change: CommittedChange, publishedAt = wallClockMs()): string {
  const header: Header = {
    o: origin,
    p: publishedAt,
    ns: change.namespace,
    k: change.key,
    ver: change.version,
    rev: change.revision,
    a: change.action,
    s: change.secret,
    by: change.actor,
    at: change.at.getTime(),
    ...(change.valueJson === null ? { n: 1 as const } : {}),
  };
  return `${JSON.stringify(header)}\n${change.valueJson ?? ''}`;
}

/** The change in a message, or null when it is not one of ours (another version, garbage). */
export function decodeChangeMessage(message: string): DecodedChangeMessage | null {
  const newline = message.indexOf('\n');
  if (newline < 0) return null;
  let header: Header;
  try {
    header = JSON.parse(message.slice(0, newline)) as Header;
  } catch {
    return null;
  }
  if (typeof header.rev !== 'number' || typeof header.ns !== 'string' || typeof header.k !== 'string') return null;
  return {
    origin: header.o,
    publishedAt: header.p,
    change: {
      namespace: header.ns,
      key: header.k,
      version: header.ver,
      revision: header.rev,
      action: header.a,
      valueJson: header.n ? null : message.slice(newline + 1),
      secret: header.s,
      actor: header.by,
      at: new Date(header.at),
    },
  };
}
