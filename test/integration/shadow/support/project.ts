// Shadow fixture projects copied to a temporary folder, so tests can add, edit and break
// migrations without touching the committed fixtures.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { discoverDataSources, findFiles, type DataSourceConfig } from '../../../../src/core/config';
import type { ReplayConnection } from '../../../../src/core/shadow/replay';

export const fixturesDir = resolve(__dirname, '..', '..', '..', 'fixtures', 'shadow');

export interface TempProject {
  root: string;
  cacheDir: string;
  dataSource(): Promise<DataSourceConfig>;
  migrationFiles(): Promise<string[]>;
  entityFiles(): string[];
  migrationsDir: string;
  write(relativePath: string, text: string): string;
  remove(relativePath: string): void;
  dispose(): void;
}

/** A copy of test/fixtures/shadow/<name>, optionally without some of its migrations. */
export function copyProject(name: string, options: { dropMigrationsAfter?: number } = {}): TempProject {
  const base = mkdtempSync(join(tmpdir(), `sl-shadow-${name}-`));
  const root = join(base, name);
  cpSync(join(fixturesDir, name), root, { recursive: true });
  const migrationsDir = join(root, 'src', 'migrations');
  if (options.dropMigrationsAfter !== undefined) {
    for (const file of readdirSync(migrationsDir)) {
      if (Number(file.slice(0, 13)) > options.dropMigrationsAfter) rmSync(join(migrationsDir, file));
    }
  }
  return {
    root,
    cacheDir: join(base, 'cache'),
    migrationsDir,
    async dataSource() {
      const { dataSources } = await discoverDataSources(root);
      return dataSources[0];
    },
    async migrationFiles() {
      return findFiles(root, (await this.dataSource()).migrationGlobs);
    },
    entityFiles() {
      const dir = join(root, 'src', 'entities');
      return readdirSync(dir).filter((file) => file.endsWith('.entity.ts')).sort().map((file) => join(dir, file));
    },
    write(relativePath, text) {
      const file = join(root, relativePath);
      writeFileSync(file, text);
      return file;
    },
    remove(relativePath) {
      rmSync(join(root, relativePath));
    },
    dispose() {
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export function replayConnection(url: string): ReplayConnection {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.slice(1),
  };
}

/** A TypeORM migration file whose up() runs the given statements. */
export function migrationText(className: string, up: string[], imports = ''): string {
  const body = up.map((sql) => `        await queryRunner.query(${JSON.stringify(sql)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from "typeorm";
${imports}
export class ${className} implements MigrationInterface {
    name = '${className}'

    public async up(queryRunner: QueryRunner): Promise<void> {
${body}
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
    }
}
`;
}

/** A TypeORM migration file with the given up() and down() statements (down() on line 10, 0-based 9). */
export function migrationWithDown(className: string, up: string[], down: string[], options: { transaction?: false } = {}): string {
  const body = (statements: string[]) => statements.map((sql) => `        await queryRunner.query(${JSON.stringify(sql)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from "typeorm";

export class ${className} implements MigrationInterface {
    name = '${className}'
${options.transaction === false ? '    transaction = false as const' : ''}
    public async up(queryRunner: QueryRunner): Promise<void> {
${body(up)}
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
${body(down)}
    }
}
`;
}
