// Which data source a migration command acts on: the one named, else the first the project has.
import { type ConfigOverrides, type DataSourceConfig, discoverDataSources } from '../config';
import type { ReadProblem } from '../model/schema';

export async function selectDataSource(root: string, overrides: ConfigOverrides, name?: string): Promise<{ dataSource: DataSourceConfig; problems: ReadProblem[] }> {
  const { dataSources, problems } = await discoverDataSources(root, overrides);
  if (name === undefined) return { dataSource: dataSources[0]!, problems };
  const dataSource = dataSources.find((candidate) => candidate.name === name);
  if (!dataSource) throw new Error(`no data source named '${name}' (found: ${dataSources.map((d) => d.name).join(', ')})`);
  return { dataSource, problems };
}
