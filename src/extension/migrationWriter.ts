// Writes a scaffolded TypeORM migration into the project's migrations folder, in the style of
// the migrations already there, and opens it. The file is only written, never run: running it
// is the user's call (the migrations view).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { findFiles } from '../core/config/index';
import { detectMigrationStyle, scaffoldMigration } from '../core/migrations/scaffold';
import { migrationsFolder } from './migrationTarget';
import type { Project } from './project';

export interface CreateMigrationRequest {
  projectKey: string;
  name: string;
  up: string[];
  down: string[];
}

export function isCreateMigrationRequest(value: unknown): value is CreateMigrationRequest {
  const r = value as CreateMigrationRequest;
  return typeof r === 'object' && r !== null && typeof r.projectKey === 'string' && typeof r.name === 'string' && Array.isArray(r.up) && Array.isArray(r.down);
}

/** Style of the newest few migrations: enough to tell the project's habits, cheap to read. */
async function projectStyle(files: string[]) {
  const texts = await Promise.all(files.slice(-5).map((file) => readFile(file, 'utf8').catch(() => '')));
  return detectMigrationStyle(texts.filter(Boolean));
}

export async function writeMigration(project: Project, request: CreateMigrationRequest): Promise<vscode.Uri> {
  const existing = await findFiles(project.config.root, project.config.migrationGlobs);
  const style = await projectStyle(existing);
  const scaffold = scaffoldMigration({ name: request.name, up: request.up, down: request.down, style });
  const folder = migrationsFolder(project.config.root, project.config.migrationGlobs, existing);
  await mkdir(folder, { recursive: true });
  const file = join(folder, scaffold.fileName);
  // 'wx': never overwrite (two fixes in the same millisecond would otherwise collide).
  await writeFile(file, scaffold.text, { encoding: 'utf8', flag: 'wx' });
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}
