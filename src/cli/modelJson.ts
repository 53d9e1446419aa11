// The model as JSON (docs/model-json.md): written by `schema-lens model --json` and `schema-lens docs --format json`.
import { isAbsolute, relative, sep } from 'node:path';
import type { DiscoveryReport } from '../core/entities';
import type { Coverage, ReadProblem, SchemaModel } from '../core/model';

export interface ModelOutput {
  source: 'entities' | 'database';
  model: SchemaModel;
  problems: ReadProblem[];
  /** From the entities: how much was read statically. */
  coverage?: Coverage;
  /** From the entities: how each data source's entity files were found. */
  discovery?: DiscoveryReport[];
}

/** JSON with every `file` relative to the root (forward slashes), so output is the same on every machine. */
export function modelJson(output: ModelOutput, root: string): string {
  return `${JSON.stringify(
    output,
    (key, value: unknown) => {
      if (key === 'file' && typeof value === 'string' && isAbsolute(value)) return relative(root, value).split(sep).join('/');
      return value;
    },
    2,
  )}\n`;
}
