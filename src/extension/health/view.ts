// The Health view in the Schema Lens container: `schema-lens health` for each data source the
// editor compares with a database, read when the view is first shown, on Refresh Health and (the
// engine asks) after a connect; read-only, like every analysis connection. Each read goes to the
// engine (onRead), which judges it against the entities as they are, shows the findings an entity
// maps as diagnostics with quick fixes, and replaces the findings shown here. A finding about a
// table an entity maps opens the entity. A status bar item sums it up ("health: 2 warnings").
import * as vscode from 'vscode';
import type { DataSourceConfig } from '../../core/config/index';
import { runHealth, type HealthOptions, type HealthResult } from '../../core/health';
import { messageOf } from '../../core/errors';
import type { ReadProblem } from '../../core/model/index';
import type { Finding } from '../../core/rules/index';
import type { SchemaLensSettings } from '../settings';
import { spanToRange } from '../vscodeTypes';
import { bySeverity, findingLabel, healthStatusText, readGaps } from './summary';

export interface HealthServices {
  log: vscode.LogOutputChannel;
  /** The data sources with the connection the editor uses (none: compared with no database). */
  dataSources(): Promise<DataSourceConfig[]>;
  settings(dataSource: DataSourceConfig): SchemaLensSettings;
  /** The data source's entities as the editor has read them (not read again for a health read); undefined: not read yet. */
  entities(dataSource: DataSourceConfig): HealthOptions['entities'];
  /**
   * A data source's health was read (undefined: it could not be): the engine keeps the read, judges
   * it against the entities as they are (again on every analysis, replacing `result.findings`) and
   * publishes the findings on the entities as diagnostics with quick fixes.
   */
  onRead(dataSource: DataSourceConfig, result: HealthResult | undefined): void;
}

type Report = { dataSource: DataSourceConfig; result?: HealthResult; error?: string };
type Node = { kind: 'source'; report: Report } | { kind: 'finding'; finding: Finding } | { kind: 'note'; text: string } | { kind: 'gap'; problem: ReadProblem };

const ICONS: Record<Finding['severity'], vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

export class HealthTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  reports: Report[] = [];
  private loaded = false;

  constructor(private readonly services: HealthServices) {}

  /** Reads the health of every data source with a database; the findings of the last read stay until then. */
  async refresh(): Promise<Report[]> {
    const sources = (await this.services.dataSources()).filter((dataSource) => dataSource.connection);
    this.reports = await Promise.all(
      sources.map(async (dataSource): Promise<Report> => {
        const settings = this.services.settings(dataSource);
        try {
          const result = await runHealth({ root: dataSource.root, dataSource, entities: this.services.entities(dataSource), thresholds: settings.health, severities: settings.severity, timeoutMs: settings.connectTimeoutMs });
          for (const problem of result.problems) this.services.log.warn(`Health of ${dataSource.name}: ${problem.message}`);
          this.services.onRead(dataSource, result);
          return { dataSource, result };
        } catch (error) {
          this.services.log.warn(`Health of ${dataSource.name}: ${messageOf(error)}`);
          this.services.onRead(dataSource, undefined);
          return { dataSource, error: messageOf(error) };
        }
      }),
    );
    this.loaded = true;
    this.changed.fire();
    return this.reports;
  }

  /** The findings were judged again (an entity changed): show them as they are now. */
  redraw(): void {
    this.changed.fire();
  }

  /** A data source no longer compared with a database: its report goes. */
  forget(dataSource: DataSourceConfig): void {
    const before = this.reports.length;
    this.reports = this.reports.filter((report) => report.dataSource.root !== dataSource.root || report.dataSource.name !== dataSource.name);
    if (this.reports.length !== before) this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (!this.loaded) return [];
      if (this.reports.length === 0) return [{ kind: 'note', text: 'No data source is compared with a database: connect to one first.' }];
      return this.reports.length === 1 ? this.childrenOf(this.reports[0]!) : this.reports.map((report) => ({ kind: 'source', report }));
    }
    return node.kind === 'source' ? this.childrenOf(node.report) : [];
  }

  /** The findings, then what could not be read: a part the server refused is unknown, never healthy. */
  private childrenOf(report: Report): Node[] {
    if (report.error) return [{ kind: 'note', text: report.error }];
    const findings = report.result?.findings ?? [];
    const gaps = readGaps(report.result?.problems ?? []).map((problem): Node => ({ kind: 'gap', problem }));
    if (findings.length) return [...bySeverity(findings).map((finding): Node => ({ kind: 'finding', finding })), ...gaps];
    const none = gaps.length ? `No findings in ${report.result?.database} in what could be read; not read:` : `Healthy: no findings in ${report.result?.database}.`;
    return [{ kind: 'note', text: none }, ...gaps];
  }

  /** What the view shows, a line per node, for the e2e tests: a source's children indented under it. */
  snapshot(): string[] {
    const line = (node: Node): string => {
      const item = this.getTreeItem(node);
      return [item.label, item.description].filter((part) => typeof part === 'string' && part).join(' — ');
    };
    return this.getChildren().flatMap((node) => [line(node), ...(node.kind === 'source' ? this.getChildren(node).map((child) => `  ${line(child)}`) : [])]);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'note') return new vscode.TreeItem(node.text);
    if (node.kind === 'gap') {
      const item = new vscode.TreeItem(node.problem.message);
      item.tooltip = node.problem.message;
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      return item;
    }
    if (node.kind === 'source') {
      const item = new vscode.TreeItem(node.report.dataSource.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.report.result ? `${node.report.result.database} · ${healthStatusText(node.report.result.findings, readGaps(node.report.result.problems).length)}` : node.report.error;
      item.iconPath = new vscode.ThemeIcon('pulse');
      return item;
    }
    const { finding } = node;
    const item = new vscode.TreeItem(findingLabel(finding));
    item.description = finding.message;
    item.tooltip = new vscode.MarkdownString().appendText(`${finding.code} (${finding.severity}): ${finding.message}`);
    item.iconPath = ICONS[finding.severity];
    if (finding.span) item.command = { title: 'Open the entity', command: 'vscode.open', arguments: [vscode.Uri.file(finding.span.file), { selection: spanToRange(finding.span) }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface HealthControls {
  tree: HealthTree;
  /** Reads every connected data source's health again, as Refresh Health does. */
  refresh(): Promise<Report[]>;
}

export function registerHealth(context: vscode.ExtensionContext, services: HealthServices): HealthControls {
  const tree = new HealthTree(services);
  const view = vscode.window.createTreeView('schemaLens.health', { treeDataProvider: tree });
  const status = vscode.window.createStatusBarItem('schemaLens.health', vscode.StatusBarAlignment.Left, 9);
  status.name = 'Schema Lens Health';
  status.command = 'schemaLens.health.focus';
  // Whenever the tree changes (a read, findings judged again, a data source forgotten).
  const showStatus = (): void => {
    const reports = tree.reports;
    const findings = reports.flatMap((report) => report.result?.findings ?? []);
    const gaps = reports.reduce((sum, report) => sum + readGaps(report.result?.problems ?? []).length, 0);
    const failed = reports.filter((report) => report.error).length;
    status.text = `$(pulse) ${healthStatusText(findings, gaps)}${failed ? ` (${failed} database${failed === 1 ? '' : 's'} not read)` : ''}`;
    status.tooltip = reports.map((report) => `${report.dataSource.name}: ${report.result ? `${report.result.database}, ${healthStatusText(report.result.findings, readGaps(report.result.problems).length)}` : report.error}`).join('\n');
    if (reports.length > 0) status.show();
    else status.hide();
  };
  const refresh = (): Promise<Report[]> => Promise.resolve(vscode.window.withProgress({ location: { viewId: 'schemaLens.health' } }, () => tree.refresh()));
  let shown = false;
  context.subscriptions.push(
    tree,
    view,
    status,
    tree.onDidChangeTreeData(showStatus),
    // The first look at the view reads the health; later ones keep what was read until Refresh.
    view.onDidChangeVisibility((event) => {
      if (event.visible && !shown) {
        shown = true;
        void refresh();
      }
    }),
    vscode.commands.registerCommand('schemaLens.health.refresh', async () => ({
      reports: (await refresh()).map((report) => ({ dataSource: report.dataSource.name, findings: report.result?.findings.map((f) => f.code) ?? [], error: report.error })),
      view: tree.snapshot(),
      status: status.text,
    })),
  );
  return { tree, refresh };
}
