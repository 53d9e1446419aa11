import assert from 'node:assert/strict';
import { restoreOrder } from '../../../src/core/migrations/backup';

describe('migrations/backup: restore order', () => {
  it('restores referenced tables first (a backup lists tables by name: "order" came before "user")', () => {
    // 0 order -> 2 user, 1 line -> 0 order
    assert.deepEqual(restoreOrder(3, [[0, 2], [1, 0]]), [2, 0, 1]);
  });

  it('keeps the given order where nothing references, for self-references and within a cycle', () => {
    assert.deepEqual(restoreOrder(3, []), [0, 1, 2]);
    assert.deepEqual(restoreOrder(2, [[0, 0]]), [0, 1]);
    // 0 and 1 reference each other: after the free table, in their given order.
    assert.deepEqual(restoreOrder(3, [[0, 1], [1, 0]]), [2, 0, 1]);
  });
});
