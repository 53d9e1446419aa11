// Follows a DataSource's options into the files they import: named/default/aliased imports and
// re-exports, over the core's one module resolution (../workspace: relative paths, tsconfig paths,
// workspace packages). Files are parsed on demand into one ts-morph project (no type checker, no program).
import { readFileSync } from 'node:fs';
import { Node, Project, type Identifier, type SourceFile } from 'ts-morph';
import { ModuleResolution, unreadableImport, type ProjectLayout } from '../workspace';

export type Declaration = Node;

export class ModuleResolver {
  private readonly project = new Project({
    useInMemoryFileSystem: false,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true },
  });
  readonly resolution: ModuleResolution;

  constructor(readonly root: string) {
    this.resolution = new ModuleResolution({ root });
  }

  /** outDir / rootDir of the project's tsconfig. */
  get layout(): ProjectLayout {
    return this.resolution.layout();
  }

  /**
   * The parsed file (parsed once per resolver: nodes handed out stay valid), or undefined when it
   * cannot be read. `text` saves reading a file the caller already read.
   */
  sourceFile(file: string, text?: string): SourceFile | undefined {
    const existing = this.project.getSourceFile(file);
    if (existing) return existing;
    try {
      // `overwrite` only because ts-morph refuses a path that exists on disk; it is not in the project yet.
      return this.project.createSourceFile(file, text ?? readFileSync(file, 'utf8'), { overwrite: true });
    } catch {
      return undefined;
    }
  }

  /** The declaration an identifier refers to: the nearest enclosing scope, the file, then imports. */
  declarationOf(identifier: Identifier): Declaration | undefined {
    const name = identifier.getText();
    for (const scope of identifier.getAncestors()) {
      if (!Node.isStatemented(scope)) continue;
      const local = scope.getVariableDeclaration(name) ?? scope.getClass(name) ?? scope.getFunction(name);
      if (local) return local;
    }
    const file = identifier.getSourceFile();
    for (const declaration of file.getImportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue();
      // `import * as entities from './entities'`: the module itself.
      if (declaration.getNamespaceImport()?.getText() === name) return this.resolveModule(specifier, file);
      if (declaration.getDefaultImport()?.getText() === name) return this.exported(this.resolveModule(specifier, file), 'default', 0);
      const named = declaration.getNamedImports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
      if (named) return this.exported(this.resolveModule(specifier, file), named.getName(), 0);
    }
    return undefined;
  }

  /** The module specifier of the import that brings `identifier` into its file, if any. */
  importSpecifier(identifier: Identifier): string | undefined {
    const name = identifier.getText();
    const file = identifier.getSourceFile();
    const declaration = file
      .getImportDeclarations()
      .find((d) => d.getDefaultImport()?.getText() === name || d.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name));
    if (declaration) return declaration.getModuleSpecifierValue();
    // CommonJS: `const { SnakeNamingStrategy } = require('typeorm-naming-strategies')`.
    for (const variable of file.getVariableDeclarations()) {
      const initializer = variable.getInitializer();
      if (!initializer || !Node.isCallExpression(initializer) || initializer.getExpression().getText() !== 'require') continue;
      const [argument] = initializer.getArguments();
      const binding = variable.getNameNode();
      const binds = Node.isObjectBindingPattern(binding) ? binding.getElements().some((e) => e.getName() === name) : binding.getText() === name;
      if (binds && argument && Node.isStringLiteral(argument)) return argument.getLiteralValue();
    }
    return undefined;
  }

  /** Every named export of a module (following `export *` and `export { x } from`), by exported name. */
  exportsOf(file: SourceFile, depth = 0): Map<string, Declaration> {
    const result = new Map<string, Declaration>();
    if (depth > 10) return result;
    // Syntax only (export keywords), never isExported(): that builds a type checker over every file.
    for (const statement of file.getStatements()) {
      if ((Node.isClassDeclaration(statement) || Node.isFunctionDeclaration(statement)) && statement.hasExportKeyword() && !statement.hasDefaultKeyword()) {
        const name = statement.getName();
        if (name) result.set(name, statement);
      } else if (Node.isVariableStatement(statement) && statement.hasExportKeyword()) {
        for (const variable of statement.getDeclarations()) result.set(variable.getName(), variable);
      } else if (Node.isExportDeclaration(statement)) {
        const specifier = statement.getModuleSpecifierValue();
        if (specifier && !statement.getNamespaceExport() && statement.getNamedExports().length === 0) {
          const target = this.resolveModule(specifier, file);
          if (target) for (const [name, declaration] of this.exportsOf(target, depth + 1)) if (!result.has(name)) result.set(name, declaration);
          continue;
        }
        for (const named of statement.getNamedExports()) {
          const exportedName = named.getAliasNode()?.getText() ?? named.getName();
          const declaration = specifier ? this.exported(this.resolveModule(specifier, file), named.getName(), depth + 1) : this.declarationOf(named.getNameNode() as Identifier);
          if (declaration) result.set(exportedName, declaration);
        }
      }
    }
    return result;
  }

  /**
   * Why the name an identifier refers to cannot be read, when it is imported from a module that
   * does not resolve to a file ("`X` is imported from the package 'y', which is not in this workspace").
   */
  unreadableImportOf(identifier: Identifier): string | undefined {
    const specifier = this.importSpecifier(identifier);
    if (specifier === undefined) return undefined;
    const name = identifier.getText();
    return unreadableImport(name, specifier, this.resolution.resolve(specifier, identifier.getSourceFile().getFilePath()));
  }

  private resolveModule(specifier: string, from: SourceFile): SourceFile | undefined {
    const file = this.resolution.resolveFile(specifier, from.getFilePath());
    return file ? this.sourceFile(file) : undefined;
  }

  /** An exported declaration by name, following `export { x } from`, `export *` and `export default x`. */
  private exported(file: SourceFile | undefined, name: string, depth: number): Declaration | undefined {
    if (!file || depth > 10) return undefined;
    if (name === 'default') {
      const assignment = file.getExportAssignment((a) => !a.isExportEquals());
      if (assignment) {
        const expression = assignment.getExpression();
        return Node.isIdentifier(expression) ? this.declarationOf(expression) : expression;
      }
      return file.getClasses().find((c) => c.hasDefaultKeyword()) ?? file.getFunctions().find((f) => f.hasDefaultKeyword());
    }
    const local = file.getVariableDeclaration(name) ?? file.getClass(name) ?? file.getFunction(name);
    if (local) return local;
    for (const declaration of file.getExportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue();
      const named = declaration.getNamedExports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
      if (named) {
        if (!specifier) {
          const identifier = named.getNameNode();
          return Node.isIdentifier(identifier) ? this.declarationOf(identifier) : undefined;
        }
        return this.exported(this.resolveModule(specifier, file), named.getName(), depth + 1);
      }
      if (specifier && declaration.isNamespaceExport() && !declaration.getNamespaceExport()) {
        const found = this.exported(this.resolveModule(specifier, file), name, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }
}
