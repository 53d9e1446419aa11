// Static TypeORM entity reader: entity source files -> SchemaModel "intended", without running
// project code (syntax level, ts-morph). See CONTRACTS.md "Entities reader".
import { emptyModel, type ReadProblem, type SchemaModel } from '../model/schema';

export type NamingChoice = 'default' | 'snake';

export interface EntityReaderOptions {
  /** Absolute project root. */
  root: string;
  naming: NamingChoice;
  /** For `paths` resolution; default <root>/tsconfig.json when present. */
  tsconfigPath?: string;
  /** Default 'public'. */
  defaultSchema?: string;
}

/** From `// schema-lens-ignore SL301 SL302` comments. */
export interface Suppression {
  file: string;
  /** Empty = all codes. */
  codes: string[];
  /** 0-based inclusive line range the suppression covers. */
  startLine: number;
  endLine: number;
}

export interface EntityReadResult {
  model: SchemaModel;
  problems: ReadProblem[];
  suppressions: Suppression[];
  files: string[];
}

export class EntityReader {
  private files: string[] = [];

  constructor(private readonly options: EntityReaderOptions) {}

  setFiles(files: string[]): void {
    this.files = [...files];
  }

  updateFile(file: string, text?: string): void {
    void file;
    void text;
  }

  removeFile(file: string): void {
    this.files = this.files.filter((f) => f !== file);
  }

  read(): EntityReadResult {
    void this.options;
    return { model: emptyModel(), problems: [], suppressions: [], files: [...this.files] };
  }
}

export function readEntities(options: EntityReaderOptions & { files: string[] }): EntityReadResult {
  const reader = new EntityReader(options);
  reader.setFiles(options.files);
  return reader.read();
}
