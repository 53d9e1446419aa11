// The environment for a tool we start, without what an outer `npm run` put there. npm exports its
// configuration (npm_config_*: the user agent naming the outer Node, the node-gyp headers, the
// prefix), the package's fields (npm_package_*), its lifecycle (npm_lifecycle_*, npm_execpath,
// npm_node_execpath, NODE, INIT_CWD) and puts its shims first on PATH. A nested npm reads all of
// that as its own: code-server's postinstall then sees the outer Node ("requires node v24, detected
// v20") and node-gyp builds against the outer headers. Run directly or through npm, a tool must
// see the same environment.
import { delimiter } from 'node:path';

/** True for a variable npm sets for the scripts it runs (npm spells config variables in either case). */
function setByNpm(name) {
  return /^npm_/i.test(name) || name === 'NODE' || name === 'INIT_CWD';
}

/** PATH entries npm prepends for a script: each node_modules/.bin above it, and its node-gyp shim. */
function addedByNpm(entry) {
  return /[\\/]node_modules[\\/]\.bin$/.test(entry) || /[\\/]node-gyp-bin$/.test(entry);
}

/** `env` without npm's variables and PATH entries; `extra` is laid over the result. */
export function cleanEnv(env = process.env, extra = {}) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && !setByNpm(name)) clean[name] = value;
  if (clean.PATH !== undefined) clean.PATH = clean.PATH.split(delimiter).filter((entry) => entry && !addedByNpm(entry)).join(delimiter);
  return { ...clean, ...extra };
}
