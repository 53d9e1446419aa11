// How the entity files of each data source were found, shown on every run next to coverage (check's
// text line and JSON `discovery` field, model): by the data source's own `entities`, by NestJS
// forFeature lists, by a decorator scan, or by the user's globs; and which of its mapping options
// could not be read (TypeORM's default assumed, or the facts depending on it unknown).

export interface DiscoveryReport {
  /** The data source's name. */
  dataSource: string;
  /** data-source: its `entities`; forFeature: NestJS forFeature lists (autoLoadEntities); scan: a decorator scan; user: --entities, settings, schema-lens.json. */
  method: 'data-source' | 'forFeature' | 'scan' | 'user';
  /** Why a scan was needed. */
  reason?: string;
  /** Entity files found for it. */
  files: number;
  schema: string;
  /** Mapping options that could not be read: schema, namingStrategy, entityPrefix (a default assumed), uuidExtension (generated uuid defaults unknown). */
  unread?: string[];
}

const ASSUMED: Record<string, (report: DiscoveryReport) => string> = {
  schema: (report) => `schema '${report.schema}' assumed`,
  namingStrategy: () => "TypeORM's default naming assumed",
  entityPrefix: () => 'no table prefix assumed',
  uuidExtension: () => 'generated uuid defaults unknown',
};

/** `Entities of data source 'core' (schema core): 12 files, from TypeOrmModule.forFeature lists (autoLoadEntities).` */
export function describeDiscovery(report: DiscoveryReport): string {
  const how: Record<DiscoveryReport['method'], string> = {
    'data-source': 'from its `entities` option',
    forFeature: 'from TypeOrmModule.forFeature lists (autoLoadEntities)',
    scan: `found by their decorators${report.reason ? ` (${report.reason})` : ''}`,
    user: 'from the entity globs given (--entities, schemaLens.entities or schema-lens.json)',
  };
  const files = `${report.files.toLocaleString('en-US')} file${report.files === 1 ? '' : 's'}`;
  const unread = report.unread?.length ? `; not statically readable: ${report.unread.map((key) => ASSUMED[key]?.(report) ?? key).join(', ')}` : '';
  return `Entities of data source '${report.dataSource}' (schema ${report.schema}): ${files}, ${how[report.method]}${unread}.`;
}
