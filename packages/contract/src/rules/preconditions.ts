import { VersionConflictError } from '@config-service/core';

/** Conditional-request headers, already parsed. */
export interface Preconditions {
  /** `If-Match`: the write goes ahead only if the live version is one of these (`*`: any). */
  ifMatch?: number[] | '*';
  /** `If-None-Match: *`: create only. */
  ifNoneMatchAny?: boolean;
}

/** Throws 412 unless the current live version (null: absent or deleted) satisfies the preconditions. */
export function checkPreconditions(current: number | null, preconditions: Preconditions | undefined): void {
  if (!preconditions) return;
  const { ifMatch, ifNoneMatchAny } = preconditions;
  if (ifMatch !== undefined) {
    const matches = current !== null && (ifMatch === '*' || ifMatch.includes(current));
    if (!matches) {
      throw new VersionConflictError(
        current === null ? 'If-Match was given but the key does not exist' : `the current version is ${current}, not the one in If-Match`,
        current,
      );
    }
  }
  if (ifNoneMatchAny && current !== null) {
    throw new VersionConflictError('If-None-Match: * was given but the key exists', current);
  }
}
