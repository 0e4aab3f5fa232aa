/** A cancellation token cancelled by hand (what VS Code's CancellationTokenSource does), for code run outside VS Code. */
import type * as vscode from 'vscode';

export function tokenSource(): { readonly token: vscode.CancellationToken; cancel(): void } {
  const listeners: (() => void)[] = [];
  const state = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: () => void) => {
      listeners.push(listener);
      return { dispose: () => undefined };
    },
  };
  return {
    token: state as unknown as vscode.CancellationToken,
    cancel() {
      if (state.isCancellationRequested) return;
      state.isCancellationRequested = true;
      for (const listener of listeners) listener();
    },
  };
}
