// The file system as module resolution sees it: whether a path is a file or a folder, what a JSON
// file holds, where a symlink leads. Every answer is remembered until clear(), so resolving the
// same specifiers again (the editor re-reads a file on every keystroke) touches no disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';

type Kind = 'file' | 'dir' | 'none';

const CASE_INSENSITIVE = process.platform === 'darwin' || process.platform === 'win32';

export class FileCache {
  private readonly kinds = new Map<string, Kind>();
  private readonly listings = new Map<string, Map<string, Kind | 'link'> | null>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly jsons = new Map<string, unknown>();
  private readonly realpaths = new Map<string, string>();

  clear(): void {
    this.kinds.clear();
    this.listings.clear();
    this.texts.clear();
    this.jsons.clear();
    this.realpaths.clear();
  }

  /**
   * What a path is. A folder is listed once and every name in it answered from the listing: a
   * resolver probes many names per folder (x.ts, x.tsx, x/index.ts, ...), most of them absent.
   */
  private kind(file: string): Kind {
    let kind = this.kinds.get(file);
    if (kind === undefined) {
      const dir = path.dirname(file);
      if (dir === file) kind = statKind(file);
      else {
        const entries = this.listing(dir);
        const name = path.basename(file);
        // Where names are case-insensitive (macOS, Windows), an import may spell a file's name otherwise.
        const entry = entries?.get(name) ?? (CASE_INSENSITIVE ? entries?.get(`\u0000${name.toLowerCase()}`) : undefined);
        kind = entry === undefined ? 'none' : entry === 'link' ? statKind(file) : entry;
      }
      this.kinds.set(file, kind);
    }
    return kind;
  }

  /** A folder's entries (null when it cannot be listed). */
  private listing(dir: string): Map<string, Kind | 'link'> | null {
    let entries = this.listings.get(dir);
    if (entries === undefined) {
      try {
        entries = new Map();
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const kind = entry.isFile() ? 'file' : entry.isDirectory() ? 'dir' : entry.isSymbolicLink() ? 'link' : 'none';
          entries.set(entry.name, kind);
          if (CASE_INSENSITIVE) entries.set(`\u0000${entry.name.toLowerCase()}`, kind);
        }
      } catch {
        entries = null;
      }
      this.listings.set(dir, entries);
    }
    return entries;
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

function statKind(file: string): Kind {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'none';
  } catch {
    return 'none';
  }
}
