import type { CommittedChange } from '@config-service/contract';

/**
 * The change log: every committed change, readable by revision. It is the history table read
 * in revision order (its unique `revision` column), so it is the source of truth for watch
 * replay and for filling any gap a replica sees in what the bus delivered.
 */
export interface ChangeLogStore {
  /** Changes with revision > `afterRevision`, in revision order, at most `limit`. */
  changesSince(afterRevision: number, limit: number): Promise<CommittedChange[]>;
  /** The revision of the latest committed change (0 before the first). */
  headRevision(): Promise<number>;
}
