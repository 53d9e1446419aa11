// Parent half of the oracle loader: runs synchronize-child.ts in a fresh Node process for one
// fixture project and one TypeORM version (see that file for why a process per run).
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export type TypeormPackage = 'typeorm' | 'typeorm03';

export interface SynchronizeRequest {
  /** Absolute path of the fixture project (holds tsconfig.json). */
  projectDir: string;
  /** The data-source file, relative to projectDir; its exported DataSource's options are used. */
  dataSourceFile: string;
  /** `typeorm` (1.x) or `typeorm03` (the 0.3.x npm alias). */
  typeormPackage: TypeormPackage;
  url: string;
  logSql?: boolean;
}

export interface SynchronizeChildResult {
  synchronizeMs: number;
  typeormVersion: string;
  entityCount: number;
  tables: string[];
}

const childScript = join(__dirname, 'synchronize-child.ts');
// `--import tsx` resolves tsx from the working directory: run the child from this repository.
const repoRoot = join(__dirname, '../../../..');
const resultPrefix = 'ORACLE_RESULT ';

/** Lets TypeORM build `request.projectDir`'s schema into `request.url`; rejects with TypeORM's error. */
export function synchronizeFixture(request: SynchronizeRequest, timeoutMs = 90_000): Promise<SynchronizeChildResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', childScript, JSON.stringify(request)],
      { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((text) => text.startsWith(resultPrefix));
        if (error || !line) {
          const reason = stderr.trim() || error?.message || 'no result from the child process';
          reject(new Error(`TypeORM (${request.typeormPackage}) could not synchronize ${request.projectDir}:\n${reason}`));
          return;
        }
        resolve(JSON.parse(line.slice(resultPrefix.length)) as SynchronizeChildResult);
      },
    );
  });
}
