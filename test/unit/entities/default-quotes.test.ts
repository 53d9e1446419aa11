// A default with a quote in it, as PostgreSQL stores it: the quote doubled. TypeORM pastes the value
// between quotes as it is; reproduced as such, the fix SQL built from it ended the literal early
// (`DEFAULT 'O'Reilly'`) and ran whatever followed (test/integration/reliability/hostile-sql.test.ts).
import assert from 'node:assert/strict';
import { project, removeProjects, table } from './support';

describe('entity reader: defaults with quotes', () => {
  after(removeProjects);

  it('string, enum and array defaults double their quotes', () => {
    const { result } = project({
      'a.entity.ts': `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
export enum Mood { Evil = "'); DROP TABLE x; --" }
@Entity()
export class A {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { default: "O'Reilly" }) name!: string;
  @Column({ type: 'enum', enum: Mood, default: Mood.Evil }) mood!: Mood;
  @Column('text', { array: true, default: ["it's"] }) tags!: string[];
}
`,
    });
    const columns = new Map(table(result.model.tables, 'a').columns.map((column) => [column.name, column.default]));
    assert.equal(columns.get('name'), "'O''Reilly'::character varying");
    assert.match(String(columns.get('mood')), /^'''\); DROP TABLE x; --'::/);
    assert.match(String(columns.get('tags')), /^'\{it''s\}'::text\[\]$/);
  });
});
