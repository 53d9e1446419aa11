// Read-only SQL documents ("Show SQL"): served by a file system registered read-only under its own
// scheme, so they open as a preview the user cannot edit or be asked to save, unlike an Untitled
// editor. The texts live in memory for the session.
import * as vscode from 'vscode';

export class SqlPreviews implements vscode.FileSystemProvider, vscode.Disposable {
  static readonly scheme = 'schema-lens-sql';
  private readonly texts = new Map<string, Uint8Array>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly created = Date.now();

  /** Shows `text` as `<name>.sql` (the extension gives it SQL highlighting); a second show updates it. */
  async show(name: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: SqlPreviews.scheme, path: `/${name.replace(/[\\/]/g, '_')}.sql` });
    const existed = this.texts.has(uri.path);
    this.texts.set(uri.path, new TextEncoder().encode(text));
    if (existed) this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: this.created, mtime: this.created, size: 0 };
    const text = this.texts.get(uri.path);
    if (!text) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: this.created, mtime: Date.now(), size: text.byteLength, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const text = this.texts.get(uri.path);
    if (!text) throw vscode.FileSystemError.FileNotFound(uri);
    return text;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [...this.texts.keys()].map((path) => [path.slice(1), vscode.FileType.File]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
