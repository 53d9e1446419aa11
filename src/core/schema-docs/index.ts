// Schema documentation and the ER graph: the tables of both models with their drift and findings,
// Markdown pages with Mermaid diagrams (`schema-lens docs`), and the graph the editor's ER diagram draws.
export { documentedTables, documentedColumns, isDrift, shownTable, type DocumentedTable, type DocumentedColumn, type SchemaView, type TableDrift } from './tables';
export { buildErGraph, DATABASE_MODULE, type ErColumn, type ErEdge, type ErGraph, type ErNode, type ObjectDrift } from './graph';
export { mermaidErDiagram } from './mermaid';
export { renderDocs, pageFileNames, diagramGroups, GENERATED_MARK, INDEX_PAGE, TABLES_FOLDER, DIAGRAM_LIMIT, type DocsOptions, type DocsPage } from './pages';
