import assert from 'node:assert/strict';
import { delimiter } from 'node:path';
// @ts-expect-error: a plain ES module of the e2e tooling, without type declarations
import { cleanEnv } from '../../../scripts/e2e-tooling/clean-env.mjs';

describe('e2e tooling: the environment of a nested tool', () => {
  it("drops what an outer `npm run` exports and puts on PATH, and keeps everything else", () => {
    const outer = {
      HOME: '/home/u',
      SCHEMA_LENS_E2E_CACHE: '/tmp/cache',
      PATH: ['/repo/node_modules/.bin', '/node_modules/.bin', '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin', '/opt/node20/bin', '/usr/bin'].join(delimiter),
      npm_config_user_agent: 'npm/10.8.2 node/v20.20.2 linux x64',
      NPM_CONFIG_NODEDIR: '/opt/node20',
      npm_package_name: 'schema-lens',
      npm_lifecycle_event: 'test:e2e',
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      NODE: '/opt/node20/bin/node',
      INIT_CWD: '/repo',
    };
    assert.deepEqual(cleanEnv(outer), { HOME: '/home/u', SCHEMA_LENS_E2E_CACHE: '/tmp/cache', PATH: ['/opt/node20/bin', '/usr/bin'].join(delimiter) });
  });

  it('lays the extra variables over the clean ones (the installer points npm at Node 24)', () => {
    assert.deepEqual(cleanEnv({ PATH: '/usr/bin', npm_config_nodedir: '/old' }, { npm_config_nodedir: '/node24', PATH: `/node24/bin${delimiter}/usr/bin` }), {
      PATH: `/node24/bin${delimiter}/usr/bin`,
      npm_config_nodedir: '/node24',
    });
  });
});
