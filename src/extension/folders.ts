/**
 * Which folder a run is for. Multi-root workspaces run one folder at a time (picked from a list): results,
 * exclude settings and `.gitignore` are per folder, and document paths stay relative to one root.
 */
import * as vscode from 'vscode';

/** A workspace folder's name, or the last path segment of any other folder. */
export function folderLabel(folder: vscode.Uri): string {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(folder);
  if (workspaceFolder && workspaceFolder.uri.toString() === folder.toString()) return workspaceFolder.name;
  return folder.path.split('/').filter(Boolean).pop() ?? folder.toString(true);
}

/** The only workspace folder, or the one the user picks; undefined when there is none or the pick is dismissed. */
export async function pickWorkspaceFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    const answer = await vscode.window.showInformationMessage('Topic Lens needs a folder: open one first.', 'Open Folder');
    if (answer) void vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  const picked = await vscode.window.showQuickPick(
    folders.map((folder) => ({ label: folder.name, description: folder.uri.toString(true), folder })),
    { title: 'Detect Topics', placeHolder: 'Detect topics in which folder?' },
  );
  return picked?.folder.uri;
}
