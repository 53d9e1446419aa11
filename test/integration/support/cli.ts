// The CLI as a user runs it, built from source (tsx), in a child process. Every run is recorded for
// the failure report (diagnostics.ts): a failing test shows the command, its exit code and the tail
// of its stderr.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { recordCommand } from './diagnostics';

const REPO = join(__dirname, '..', '..', '..');
const MAIN = join(REPO, 'src', 'cli', 'main.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunningCli {
  done: Promise<CliRun>;
  /** What it has written to stderr so far. */
  stderr(): string;
  /** Sends the process a signal (SIGINT: what Ctrl-C does). */
  kill(signal: NodeJS.Signals): void;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      recordCommand({ command: ['schema-lens', ...args].join(' '), code, stderr });
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { done, stderr: () => stderr, kill: (signal) => void child.kill(signal) };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return startCli(args, env).done;
}
