// Per data source: the user's connection choice in workspace state (never a password) and the
// password in SecretStorage. Every password read or written is registered with the masker, so
// the log can never show it.
import type * as vscode from 'vscode';
import type { ConnectionChoice } from './connectionPlan';
import type { SecretMasker } from './secrets';

const choicePrefix = 'schemaLens.connection:';
const secretPrefix = 'schemaLens.password:';

export class ConnectionStore {
  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly masker: SecretMasker,
  ) {}

  choice(dataSourceKey: string): ConnectionChoice | undefined {
    return this.state.get<ConnectionChoice>(choicePrefix + dataSourceKey);
  }

  async setChoice(dataSourceKey: string, choice: ConnectionChoice | undefined, password?: string): Promise<void> {
    await this.state.update(choicePrefix + dataSourceKey, choice);
    if (password !== undefined) {
      this.masker.add(password);
      await this.secrets.store(secretPrefix + dataSourceKey, password);
    }
  }

  async password(dataSourceKey: string): Promise<string | undefined> {
    const password = await this.secrets.get(secretPrefix + dataSourceKey);
    this.masker.add(password);
    return password;
  }

  async forgetPassword(dataSourceKey: string): Promise<void> {
    await this.secrets.delete(secretPrefix + dataSourceKey);
  }
}
