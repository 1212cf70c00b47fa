import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { migrateToLatest } from '../db/migrate.ts';
import type { RegistryDatabase } from '../db/open-database.ts';
import { createTestDatabase, TEST_ENGINES } from '../db/testing/test-databases.ts';
import type { TestDatabase } from '../db/testing/test-databases.ts';
import { addNamespace, addPrincipals } from './testing/seed-service.ts';
import { recordBlob, registerVersion } from './versions.ts';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

// Found by the crash test (app/crash.test.ts): on PostgreSQL, concurrent pushes of the first versions
// of a new model both inserted its `models` row, and the loser's unique violation came back as
// "version already exists".
for (const engine of TEST_ENGINES) {
  describe(`concurrent registrations on ${engine}`, () => {
    let target: TestDatabase;
    let database: RegistryDatabase;
    let actor: { id: number; name: string };

    before(async () => {
      target = await createTestDatabase(engine, 'concurrent_register');
      database = await target.open();
      await migrateToLatest(database);
      const ids = await addPrincipals(database, ['ci']);
      actor = { id: ids.get('ci') ?? 0, name: 'ci' };
      await addNamespace(database, 'team');
      await recordBlob(database, 'team', { sha256: sha('w'), size: 10, encrypted: false });
    });
    after(async () => {
      await database.close();
      await target.dispose();
    });

    it('registers every first version of a new model at once (the model row is made once)', async () => {
      const files = [{ path: 'model.bin', sha256: sha('w'), size: 10 }];
      const versions = ['1', '2', '3', '4', '5', '6'];
      const results = await Promise.allSettled(
        versions.map((version) =>
          registerVersion(database, actor, { namespace: 'team', model: 'fresh', version, files }),
        ),
      );
      assert.deepEqual(
        results.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason))),
        versions.map(() => 'ok'),
      );
      const models = await database.db.selectFrom('models').select('name').execute();
      assert.deepEqual(models, [{ name: 'fresh' }]);
    });
  });
}
