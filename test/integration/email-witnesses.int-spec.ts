import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DigestEnclosures } from '@kelisim/notifications';
import { startTestApp, type TestApp } from '@kelisim/testing';

/**
 * What the e-mail witnesses' digest encloses: the newest checkpoint by its tree size. Rows are
 * written as the owner, with the sealer's own checkpoints an hour apart, so that sizes 9 and 35
 * sit side by side: ordered as text, '9' came before '35' and the digest carried the older one.
 */
describe('the checkpoint an e-mail witness gets, against real PostgreSQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { KELISIM_CHECKPOINT_INTERVAL_MS: '3600000' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('Current_WithCheckpointsOfOneAndTwoDigits_IsTheLargestTree', async () => {
    for (const size of [9, 35]) {
      await t.asOwner(
        `INSERT INTO journal_checkpoints (tree_size, root_hash, note, horizon) VALUES ($1, decode(repeat('ab', 32), 'hex'), $2, pg_current_xact_id())`,
        [size, `checkpoint of ${size}`],
      );
    }
    const enclosure = await t.app.get(DigestEnclosures).registered!.current();
    expect(enclosure).toMatchObject({ ref: '35', text: 'checkpoint of 35' });
  });
});
