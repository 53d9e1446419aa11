import { defineLintRule } from './lint-rule';

export const dropDatabase = defineLintRule(
  'SL608',
  'error',
  'Database dropped',
  'A migration that drops a database destroys everything in it; it does not belong in a migration.',
  false,
  (operation) =>
    operation.kind === 'drop-database'
      ? { message: `DROP DATABASE "${operation.name}" destroys the whole database. It does not belong in a migration.` }
      : undefined,
);
