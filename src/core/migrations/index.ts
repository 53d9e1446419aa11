// Public face of the migrations code, for the front ends: the status of every migration, running
// and reverting them (with TypeORM, project code: trusted workspaces only), backups, and migration
// files written from fixes. The files behind it are the inside of this folder.
export { selectDataSource } from './project';
export { type MigrationFile, type MigrationStatement, readMigrationFiles } from './discover';
export { DEFAULT_LINT_THRESHOLDS, lintMigrations, type LintOptions, lintSql, type LintThresholds, type TransactionMode, typeormTransaction } from './lint';
export { type MigrationStatus, needsAttention, type ProjectMigrationStatus, readMigrationStatus } from './status';
export { MigrationCancelledError, MigrationRunError, type RunProgress, runMigrations } from './runner';
export { markMigration } from './mark';
export { captureMigrationSql } from './capture';
export { describeRevertPlan, type RevertPlan, safeRevert } from './revert';
export { backupsFolder, type BackupResult, createBackup, listBackups, restoreBackup } from './backup';
export { connectionUrl } from './connection';
export { type CollectedMigration, type GeneratedMigration, migrationFromFindings, planMigrationFile } from './generate';
export { applyRenames, parseRename, type RenameCandidate, renameLabel } from './rename';
export { type MaintenanceEvent, type MaintenanceResult, runMaintenance } from './maintenance';
export { pendingMigrations } from './pending';
