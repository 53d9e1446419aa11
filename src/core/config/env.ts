// The environment a project's DataSource would see when the developer runs it: the root's .env
// (parsed by dotenv, never loaded into our own process.env), with variables already set in the
// environment winning, as dotenv itself does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dotenv from 'dotenv';

export function projectEnvironment(root: string, environment: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  let fromFile: Record<string, string> = {};
  try {
    fromFile = dotenv.parse(readFileSync(join(root, '.env')));
  } catch {
    // No .env: only the environment.
  }
  return { ...fromFile, ...environment };
}
