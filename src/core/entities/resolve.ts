// Module resolution for the entity reader: the core's one resolver (../workspace), in the shape
// the evaluator asks it.
import { ModuleResolution, type Resolution } from '../workspace';

export class ModuleResolver {
  readonly resolution: ModuleResolution;

  constructor(root: string, tsconfigPath?: string) {
    this.resolution = new ModuleResolution({ root, tsconfigPath });
  }

  /** Forgets resolutions (a file appeared or disappeared). */
  clear(): void {
    this.resolution.clear();
  }

  /** Whether the project compiles with strictNullChecks (it changes what design:type says). */
  get strictNullChecks(): boolean {
    return this.resolution.strictNullChecks();
  }

  /** The source file a specifier names, or undefined (external, or not found). */
  resolve(fromFile: string, specifier: string): string | undefined {
    return this.resolution.resolveFile(specifier, fromFile);
  }

  /** What a specifier names: a file, a package outside the workspace, or nothing found. */
  resolveModule(fromFile: string, specifier: string): Resolution {
    return this.resolution.resolve(specifier, fromFile);
  }
}
