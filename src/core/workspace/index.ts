// Where a project's modules are: one module resolution for the whole core (the DataSource reader in
// config/ and the entity reader in entities/ both use it), the workspace's packages, and the
// TypeORM version the project runs. Below config/ and entities/: imports nothing else from src/core.
export { ModuleResolution, notInWorkspace, unreadableImport, type ModuleResolutionOptions, type ProjectLayout, type Resolution } from './resolver';
export { readWorkspace, exportsTargets, parsePnpmWorkspace, splitPackageSpecifier, type PackageInfo, type WorkspaceLayout } from './packages';
export { readTsconfig, type Tsconfig, type TsconfigOptions } from './tsconfig';
export { detectTypeormVersion, lockedVersion, semanticsOf, type LockfileKind, type TypeormSemantics, type TypeormVersion } from './typeorm-version';
export { FileCache } from './files';
export { isTypeormModule } from './typeorm-module';
