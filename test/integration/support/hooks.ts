// Mocha root hooks: start the shared PostgreSQL before the first integration test and stop it
// after the last one (also when tests fail).
import { stopTestServer, testServer } from './postgres';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(120_000);
    await testServer();
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await stopTestServer();
  },
};
