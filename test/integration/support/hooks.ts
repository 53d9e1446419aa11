// Mocha root hooks: start the shared PostgreSQL before the first integration test and stop it
// after the last one (also when tests fail); after a failed test, print what diagnoses it from the
// CI log alone (the commands it ran with their stderr, the server's last log lines).
import { failureReport, takeCommands } from './diagnostics';
import { serverLogTail, stopTestServer, testServer } from './postgres';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(120_000);
    await testServer();
  },
  afterEach(this: Mocha.Context): void {
    const ran = takeCommands();
    const test = this.currentTest;
    if (test?.state === 'failed') console.error(failureReport(test.fullTitle(), ran, serverLogTail(40)));
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await stopTestServer();
  },
};
