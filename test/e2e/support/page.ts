// The workbench page as the user sees it, for what the extension API cannot show: a webview's DOM
// (inside its iframes), real mouse clicks in it, screenshots. The launcher serves these
// (launcher/page-driver.mjs) at SCHEMA_LENS_E2E_PAGE.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface PageElement {
  /** Which frame of the page it is in. */
  frame: number;
  text: string;
  /** An input's or select's current value. */
  value?: string;
  attributes: Record<string, string>;
}

async function call<T>(path: string, body: unknown): Promise<T> {
  const base = process.env.SCHEMA_LENS_E2E_PAGE;
  if (!base) throw new Error('SCHEMA_LENS_E2E_PAGE is not set: run the suite through npm run test:e2e');
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const result = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`page driver ${path}: ${result.error ?? response.status}`);
  return result;
}

/** Every element matching the selector in any frame of the workbench (webviews included). */
export async function queryPage(selector: string): Promise<PageElement[]> {
  return (await call<{ elements: PageElement[] }>('/query', { selector })).elements;
}

/** Clicks the first element matching the selector in any frame, with the real mouse; false if none. */
export async function clickInPage(selector: string, modifiers: ('Alt' | 'Control' | 'Shift')[] = []): Promise<boolean> {
  return (await call<{ clicked: boolean }>('/click', { selector, modifiers })).clicked;
}

/** Types into the first input matching the selector in any frame (as fill() does: the input event fires); false if none. */
export async function fillInPage(selector: string, text: string): Promise<boolean> {
  return (await call<{ filled: boolean }>('/fill', { selector, text })).filled;
}

/** Presses a key where the keyboard focus is, e.g. `Enter`. */
export async function pressKey(key: string): Promise<void> {
  await call('/press', { key });
}

/** Saves a screenshot of the workbench as a test artefact (test-results/e2e/<suite>/NAME.png); returns its path. */
export async function saveScreenshot(name: string): Promise<string> {
  const folder = process.env.SCHEMA_LENS_E2E_ARTIFACTS ?? process.env.SCHEMA_LENS_E2E_TMP ?? '.';
  mkdirSync(folder, { recursive: true });
  return (await call<{ path: string }>('/screenshot', { path: join(folder, `${name}.png`) })).path;
}
