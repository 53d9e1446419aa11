// The ER diagram webview's page, as a pure function (unit-tested without VS Code): a content
// security policy that lets in only the extension's own script (by nonce) and stylesheet, images
// from data: URLs (the PNG export draws the SVG through one), and nothing remote.
export interface DiagramPage {
  /** The webview's `cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function contentSecurityPolicy(page: Pick<DiagramPage, 'cspSource' | 'nonce'>): string {
  return [`default-src 'none'`, `img-src ${page.cspSource} data:`, `style-src ${page.cspSource}`, `font-src ${page.cspSource}`, `script-src 'nonce-${page.nonce}'`].join('; ');
}

export function diagramHtml(page: DiagramPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(page))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(page.styleUri)}">
<title>ER Diagram</title>
</head>
<body>
<header class="toolbar">
  <select id="project" title="Data source" hidden></select>
  <select id="view" title="What to draw">
    <option value="both">Entities and database</option>
    <option value="entities">Entities</option>
    <option value="database">Database</option>
  </select>
  <input id="search" type="search" placeholder="Search tables" aria-label="Search tables">
  <details class="filter"><summary>Filter</summary><div id="filters"></div></details>
  <button id="zoom-out" title="Zoom out">−</button>
  <button id="zoom-in" title="Zoom in">+</button>
  <button id="fit" title="Fit to window">Fit</button>
  <button id="export-svg" title="Save as SVG">SVG</button>
  <button id="export-png" title="Save as PNG">PNG</button>
  <span class="legend"><span class="swatch only-entities"></span>only in entities <span class="swatch only-database"></span>only in database <span class="swatch differs"></span>different</span>
</header>
<main id="canvas" tabindex="0"></main>
<footer id="status">Reading the schema…</footer>
<script nonce="${attribute(page.nonce)}" src="${attribute(page.scriptUri)}"></script>
</body>
</html>
`;
}
