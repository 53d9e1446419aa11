// Renderers of Finding[] for the CLI (and anything else that prints findings).
export { formatText, summary, type TextOptions } from './text';
export { formatJson, toJsonReport, type JsonFinding, type JsonReport } from './json';
export { formatSarif, toSarif, docsUrl, type SarifOptions } from './sarif';
export { printedProblem } from './location';
