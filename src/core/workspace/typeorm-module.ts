// Which import specifiers and packages are TypeORM: the entity reader reads their decorators and
// values as TypeORM's, and the version detection reads the version of the one a project declares.
/**
 * The module a name comes from is TypeORM itself (`typeorm`, or a deep import of it), or TypeORM
 * republished under a scope (n8n's fork `@n8n/typeorm`): a scoped package named `typeorm`.
 * NestJS's `@nestjs/typeorm` is the one such package that is an integration, not TypeORM.
 */
export function isTypeormModule(module: string): boolean {
  if (module === 'typeorm' || module.startsWith('typeorm/')) return true;
  return SCOPED_TYPEORM.test(module) && !module.startsWith('@nestjs/');
}
const SCOPED_TYPEORM = /^@[^/]+\/typeorm(\/|$)/;

/** The package a project declares as its TypeORM, among its dependencies' names: `typeorm`, else a scoped fork. */
export function typeormPackageOf(names: Iterable<string>): string | undefined {
  const candidates = [...names].filter(isTypeormModule);
  return candidates.includes('typeorm') ? 'typeorm' : candidates.sort()[0];
}
