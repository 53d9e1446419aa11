// TypeORM's DefaultNamingStrategy and typeorm-naming-strategies' SnakeNamingStrategy, reproduced
// (node_modules/typeorm/naming-strategy/DefaultNamingStrategy.js, typeorm/util/StringUtils.js,
// typeorm-naming-strategies/snake-naming.strategy.js). Only the parts that name schema objects.

export function camelCase(text: string): string {
  return text.replace(/^([A-Z])|[\s-_](\w)/g, (_match, p1: string | undefined, p2: string | undefined) => (p2 ? p2.toUpperCase() : (p1 ?? '').toLowerCase()));
}

export function snakeCase(text: string): string {
  return text
    .replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export function titleCase(text: string): string {
  return text.replace(/\w\S*/g, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}

/** StringUtils.shorten, used for junction table names longer than PostgreSQL's 63 characters. */
export function shorten(input: string, options: { separator?: string; segmentLength?: number; termLength?: number } = {}): string {
  const { segmentLength = 4, separator = '__', termLength = 2 } = options;
  return input
    .split(separator)
    .map((segment) => {
      const terms = segment
        .replace(/([a-z\xE0-\xFF])([A-Z\xC0-\xDF])/g, '$1 $2')
        .replace(/(_)([a-z])/g, ' $2')
        .split(' ');
      const length = terms.length > 1 ? termLength : segmentLength;
      return terms.map((term) => term.slice(0, length)).join('');
    })
    .join(separator);
}

export interface NamingStrategy {
  tableName(className: string, customName: string | undefined): string;
  columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string;
  joinColumnName(relationName: string, referencedColumnName: string): string;
  joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string;
  joinTableColumnName(tableName: string, propertyName: string, columnName: string | undefined): string;
  closureJunctionTableName(originalClosureTableName: string): string;
}

const defaultStrategy: NamingStrategy = {
  tableName: (className, customName) => customName ?? snakeCase(className),
  columnName: (propertyName, customName, prefixes) => {
    const name = customName || propertyName;
    return prefixes.length ? camelCase(prefixes.join('_')) + titleCase(name) : name;
  },
  joinColumnName: (relationName, referencedColumnName) => camelCase(`${relationName}_${referencedColumnName}`),
  joinTableName: (first, second, firstProperty) => snakeCase(`${first}_${firstProperty.replace(/\./g, '_')}_${second}`),
  joinTableColumnName: (tableName, propertyName, columnName) => camelCase(`${tableName}_${columnName ?? propertyName}`),
  closureJunctionTableName: (name) => `${name}_closure`,
};

const snakeStrategy: NamingStrategy = {
  ...defaultStrategy,
  tableName: (className, customName) => (customName ? customName : snakeCase(className)),
  columnName: (propertyName, customName, prefixes) => snakeCase([...prefixes, ''].join('_')) + (customName ? customName : snakeCase(propertyName)),
  joinColumnName: (relationName, referencedColumnName) => snakeCase(`${relationName}_${referencedColumnName}`),
  joinTableName: (first, second, firstProperty) => snakeCase(`${first}_${firstProperty.replace(/\./, '_')}_${second}`),
  joinTableColumnName: (tableName, propertyName, columnName) => snakeCase(`${tableName}_${columnName ? columnName : propertyName}`),
};

export function namingStrategy(choice: 'default' | 'snake'): NamingStrategy {
  return choice === 'snake' ? snakeStrategy : defaultStrategy;
}
