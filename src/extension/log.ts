// The output channel every part of the extension (and the migrations feature) logs to. It is
// the real LogOutputChannel behind a proxy that masks secrets in every message first, so a
// password can reach the channel by no path, whoever logs.
import type * as vscode from 'vscode';
import type { SecretMasker } from './secrets';

const writers = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

export function maskingChannel(channel: vscode.LogOutputChannel, masker: SecretMasker): vscode.LogOutputChannel {
  const mask = (value: unknown): unknown => {
    if (typeof value === 'string') return masker.mask(value);
    if (value instanceof Error) return masker.mask(value.stack ?? value.message);
    return value;
  };
  return new Proxy(channel, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && writers.has(property)) return (...args: unknown[]) => value.apply(target, args.map(mask));
      return value.bind(target);
    },
  });
}

/** The message of anything thrown, on one line (the core's errors never carry a password). */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
