// Work that usually finishes quickly runs silently; once it has taken longer than a second, a
// cancellable progress notification appears until it ends. Cancelling abandons the result.
import * as vscode from 'vscode';

const progressDelayMs = 1000;

export async function withDelayedProgress<T>(title: string, work: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
  const cancellation = new vscode.CancellationTokenSource();
  const running = work(cancellation.token);
  let settled = false;
  const done = running.then(() => undefined, () => undefined).finally(() => { settled = true; });
  const timer = setTimeout(() => {
    if (settled) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => cancellation.cancel());
      return done;
    });
  }, progressDelayMs);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
    cancellation.dispose();
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}
