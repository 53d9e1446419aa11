// A fixture project as a project with TypeORM installed: a copy whose node_modules/typeorm is the
// real package of that version. check reproduces the mapping of the TypeORM the project has (0.3
// and 1.x differ, e.g. the inverse-side foreign key of a bidirectional @ManyToMany: NO ACTION in
// 0.3, CASCADE in 1.x); without node_modules it would assume 1.x.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The copy's root; the caller removes it. */
export function installedCopy(projectDir: string, typeormPackage: string): string {
  const root = mkdtempSync(join(tmpdir(), 'sl-installed-'));
  cpSync(projectDir, root, { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(__dirname, '../../../../node_modules', typeormPackage), join(root, 'node_modules', 'typeorm'), 'dir');
  return root;
}
