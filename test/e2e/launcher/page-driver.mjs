// What a test in the extension host cannot reach: the workbench page itself, and inside it the
// webviews' iframes (their DOM, real mouse clicks, screenshots). The launcher serves these over
// HTTP on 127.0.0.1 (a random port, for the run only) and hands the URL to the extension host as
// SCHEMA_LENS_E2E_PAGE; test/e2e/support/page.ts is the client.
//   POST /query  { selector }                 -> { elements: [{ frame, text, attributes }] } from every frame
//   POST /click  { selector, modifiers? }     -> { clicked }: the first element any frame has, clicked by the mouse
//   POST /fill   { selector, text }           -> { filled }: typed into the first such input any frame has
//   POST /press  { key }                      -> {}: a key pressed on the keyboard (where the focus is)
//   POST /screenshot { path }                 -> { path }: the whole workbench as PNG
import { createServer } from 'node:http';

function readJson(request) {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      try {
        resolve(body ? JSON.parse(body) : {});
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

async function query(page, selector) {
  const elements = [];
  for (const [index, frame] of page.frames().entries()) {
    // A frame being replaced (a webview reloading) answers nothing this time.
    const found = await frame
      .$$eval(selector, (nodes) => nodes.map((node) => ({ text: node.textContent ?? '', value: 'value' in node ? String(node.value) : undefined, attributes: Object.fromEntries([...node.attributes].map((a) => [a.name, a.value])) })))
      .catch(() => []);
    for (const element of found) elements.push({ frame: index, ...element });
  }
  return { elements };
}

async function click(page, selector, modifiers) {
  for (const frame of page.frames()) {
    const handle = await frame.$(selector).catch(() => null);
    if (!handle) continue;
    await handle.click({ modifiers, timeout: 10_000 });
    return { clicked: true };
  }
  return { clicked: false };
}

async function fill(page, selector, text) {
  for (const frame of page.frames()) {
    const handle = await frame.$(selector).catch(() => null);
    if (!handle) continue;
    await handle.fill(text, { timeout: 10_000 });
    return { filled: true };
  }
  return { filled: false };
}

/** Starts the driver; `page()` gives the workbench page once it exists. */
export async function startPageDriver(page) {
  const server = createServer((request, response) => {
    void (async () => {
      try {
        const current = page();
        if (!current) throw new Error('the workbench page is not open yet');
        const body = await readJson(request);
        let result;
        if (request.url === '/query') result = await query(current, String(body.selector));
        else if (request.url === '/click') result = await click(current, String(body.selector), body.modifiers);
        else if (request.url === '/fill') result = await fill(current, String(body.selector), String(body.text));
        else if (request.url === '/press') {
          await current.keyboard.press(String(body.key));
          result = {};
        } else if (request.url === '/screenshot') {
          await current.screenshot({ path: String(body.path) });
          result = { path: body.path };
        } else throw new Error(`unknown request ${request.url}`);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      } catch (error) {
        response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
      }
    })();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
