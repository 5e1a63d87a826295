import { UnavailableError } from '@config-service/core';
import { describe, expect, it } from 'vitest';
import { GroupCommit, type WriteWork } from './group-commit';

const unit: WriteWork = async () => 'written';

describe('GroupCommit', () => {
  it('answers every unit of a batch with an unavailable database at once, without running each again alone', async () => {
    let batches = 0;
    const down = new UnavailableError('the database cannot be reached');
    const group = new GroupCommit(async () => {
      batches++;
      throw down;
    });
    const answers = await Promise.allSettled([group.submit(unit), group.submit(unit), group.submit(unit)]);
    expect(answers).toEqual([0, 1, 2].map(() => ({ status: 'rejected', reason: down })));
    // Running each alone would wait for the same database three more times (a minute each when
    // it does not answer), holding every later write behind them.
    expect(batches).toBe(1);
  });

  it('runs each unit alone when the batch failed for another reason (a statement one unit made the database refuse)', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit(async (works) => {
      sizes.push(works.length);
      if (works.length > 1) throw new Error('a constraint was violated');
      return [{ ok: true, value: 'alone' }];
    });
    const answers = await Promise.all([group.submit(unit), group.submit(unit)]);
    expect(answers).toEqual(['alone', 'alone']);
    expect(sizes).toEqual([2, 1, 1]);
  });
});
