// The messages between the editor and the ER diagram webview, one module both sides import (the
// webview bundle too: so nothing here may need Node or the editor). Everything that crosses the
// boundary is checked on arrival: a webview's message is data, never trusted to have a shape.
import type { ErGraph, SchemaView } from './schema-docs';

/** What the webview keeps across reloads (getState/setState) and hands back to a restored panel. */
export interface DiagramState {
  /** The project (data source) shown: its key. */
  project?: string;
  view: SchemaView;
  search: string;
  /** Schemas and modules hidden by the filter (empty: all shown). */
  hiddenSchemas: string[];
  hiddenModules: string[];
  /** The table whose neighbourhood is drawn when the whole graph is too big to draw at once. */
  focus?: string;
  /** Pan and zoom of the canvas. */
  x: number;
  y: number;
  zoom: number;
}

export const DEFAULT_STATE: DiagramState = { view: 'both', search: '', hiddenSchemas: [], hiddenModules: [], x: 0, y: 0, zoom: 1 };

/** Editor -> webview. */
export type HostMessage =
  | { type: 'graph'; graph: ErGraph; project: { key: string; label: string }; projects: { key: string; label: string }[]; state: DiagramState }
  | { type: 'empty'; message: string };

/** Webview -> editor. */
export type WebviewMessage =
  /** Loaded (or reloaded) and ready for a graph; `state` is what it had before a reload. */
  | { type: 'ready'; state?: DiagramState }
  /** The user changed what is shown: the editor keeps it for the panel and sends a new graph when the view or project changed. */
  | { type: 'state'; state: DiagramState }
  /** Open the table's entity at its class. */
  | { type: 'open'; table: string }
  /** Save an export: SVG text, or a PNG as a data: URL. */
  | { type: 'export'; format: 'svg' | 'png'; data: string };

const VIEWS: readonly SchemaView[] = ['entities', 'database', 'both'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A state from anywhere (a saved webview state, a message): every field checked, defaults for the rest. */
export function readState(value: unknown): DiagramState {
  if (!isRecord(value)) return { ...DEFAULT_STATE };
  const view = VIEWS.find((candidate) => candidate === value.view) ?? DEFAULT_STATE.view;
  const zoom = finite(value.zoom, 1);
  return {
    ...(typeof value.project === 'string' ? { project: value.project } : {}),
    view,
    search: typeof value.search === 'string' ? value.search : '',
    hiddenSchemas: strings(value.hiddenSchemas),
    hiddenModules: strings(value.hiddenModules),
    ...(typeof value.focus === 'string' ? { focus: value.focus } : {}),
    x: finite(value.x, 0),
    y: finite(value.y, 0),
    zoom: Math.min(Math.max(zoom, ZOOM_MIN), ZOOM_MAX),
  };
}

export const ZOOM_MIN = 0.05;
export const ZOOM_MAX = 4;

/** A message from the webview, or undefined when it is not one this protocol knows. */
export function readWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return value.state === undefined ? { type: 'ready' } : { type: 'ready', state: readState(value.state) };
    case 'state':
      return { type: 'state', state: readState(value.state) };
    case 'open':
      return typeof value.table === 'string' ? { type: 'open', table: value.table } : undefined;
    case 'export':
      if ((value.format !== 'svg' && value.format !== 'png') || typeof value.data !== 'string') return undefined;
      if (value.format === 'png' && !value.data.startsWith(PNG_PREFIX)) return undefined;
      return { type: 'export', format: value.format, data: value.data };
    default:
      return undefined;
  }
}

export const PNG_PREFIX = 'data:image/png;base64,';

/** The bytes to save for an export. */
export function exportBytes(message: Extract<WebviewMessage, { type: 'export' }>): Uint8Array {
  if (message.format === 'svg') return new TextEncoder().encode(message.data);
  const binary = atob(message.data.slice(PNG_PREFIX.length));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
