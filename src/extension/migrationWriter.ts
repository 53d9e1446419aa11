// Writes a migration (from one quick fix, or from every difference of an entity) into the
// project's migrations folder, in the style of the migrations already there, and opens it. The
// file is only written, never run: running it is the user's call (the migrations view).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { planMigrationFile } from '../core/migrations';
import type { Project } from './project';

export interface CreateMigrationRequest {
  projectKey: string;
  name: string;
  up: string[];
  down: string[];
  /** false: the migration runs outside a transaction (CREATE INDEX CONCURRENTLY). */
  transaction?: false;
}

export function isCreateMigrationRequest(value: unknown): value is CreateMigrationRequest {
  const r = value as CreateMigrationRequest;
  return typeof r === 'object' && r !== null && typeof r.projectKey === 'string' && typeof r.name === 'string' && Array.isArray(r.up) && Array.isArray(r.down);
}

export async function writeMigration(project: Project, request: CreateMigrationRequest): Promise<vscode.Uri> {
  const planned = await planMigrationFile(project.config, request.name, { up: request.up, down: request.down, titles: [], ...(request.transaction === false ? { transaction: false as const } : {}) });
  await mkdir(dirname(planned.file), { recursive: true });
  // 'wx': never overwrite (two fixes in the same millisecond would otherwise collide).
  await writeFile(planned.file, planned.text, { encoding: 'utf8', flag: 'wx' });
  const uri = vscode.Uri.file(planned.file);
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}
