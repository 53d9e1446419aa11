// Types of debian-packages.mjs, for the TypeScript tests that use it.
export function findOnPath(command: string): string | undefined;
export function debianPackageInstalled(name: string): boolean;
export function installDebianPackages(packages: string[], options: { needs: string; alternative?: string; log: (message: string) => void; env?: NodeJS.ProcessEnv }): void;
