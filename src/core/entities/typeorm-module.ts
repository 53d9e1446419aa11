// Which import specifiers are TypeORM: its decorators and values are read as TypeORM's.
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
