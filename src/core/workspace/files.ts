// The file system as module resolution sees it: whether a path is a file or a folder, what a JSON
// file holds, where a symlink leads. Every answer is remembered until clear(), so resolving the
// same specifiers again (the editor re-reads a file on every keystroke) touches no disk.
import * as fs from 'node:fs';
import { ts } from 'ts-morph';

type Kind = 'file' | 'dir' | 'none';

export class FileCache {
  private readonly kinds = new Map<string, Kind>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly jsons = new Map<string, unknown>();
  private readonly realpaths = new Map<string, string>();

  clear(): void {
    this.kinds.clear();
    this.texts.clear();
    this.jsons.clear();
    this.realpaths.clear();
  }

  private kind(path: string): Kind {
    let kind = this.kinds.get(path);
    if (kind === undefined) {
      try {
        const stat = fs.statSync(path);
        kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'none';
      } catch {
        kind = 'none';
      }
      this.kinds.set(path, kind);
    }
    return kind;
  }

  isFile(path: string): boolean {
    return this.kind(path) === 'file';
  }

  isDirectory(path: string): boolean {
    return this.kind(path) === 'dir';
  }

  text(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    let text: string | undefined;
    try {
      text = this.isFile(path) ? fs.readFileSync(path, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    this.texts.set(path, text);
    return text;
  }

  /** A JSON file as an object (comments and trailing commas allowed, as in tsconfig.json); undefined when unreadable. */
  json(path: string): Record<string, unknown> | undefined {
    if (this.jsons.has(path)) return this.jsons.get(path) as Record<string, unknown> | undefined;
    const text = this.text(path);
    let value: unknown;
    if (text !== undefined) {
      try {
        value = JSON.parse(text);
      } catch {
        // tsconfig.json and friends are JSONC; TypeScript's own reader takes them.
        const parsed = ts.parseConfigFileTextToJson(path, text);
        value = parsed.error ? undefined : parsed.config;
      }
    }
    const result = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    this.jsons.set(path, result);
    return result;
  }

  /** Where a path really is (symlinks followed); the path itself when it cannot be followed. */
  realpath(path: string): string {
    let real = this.realpaths.get(path);
    if (real === undefined) {
      try {
        real = fs.realpathSync(path);
      } catch {
        real = path;
      }
      this.realpaths.set(path, real);
    }
    return real;
  }
}
