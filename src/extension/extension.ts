/** Entry point: build the context, register the command table, restore the last result, return the API. */
import * as vscode from 'vscode';
import { createApi, type TopicLensApi } from './api';
import { registerCommands } from './commands';
import { TopicLensContext } from './context';

let context: TopicLensContext | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<TopicLensApi> {
  const ctx = new TopicLensContext(extension);
  context = ctx;
  extension.subscriptions.push(ctx, ...registerCommands(ctx));
  const restoreNotice = await ctx.store.restore();
  if (restoreNotice !== undefined) {
    void vscode.window.showWarningMessage(restoreNotice, 'Detect Topics', 'Show Log').then((answer) => {
      if (answer === 'Detect Topics') void vscode.commands.executeCommand('topicLens.detectTopics');
      else if (answer === 'Show Log') ctx.log.show();
    });
  }
  return createApi(ctx, () => vscode.workspace.workspaceFolders);
}

/** Everything is disposed through extension.subscriptions (a running worker ends with its run); a save under way finishes first. */
export function deactivate(): Promise<void> | undefined {
  return context?.store.saved();
}
