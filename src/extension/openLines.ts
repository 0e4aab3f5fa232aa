/** Opening a file of the result at a range of its lines, the one way the Topics tree, the map and the Audit view do it. */
import * as vscode from 'vscode';

/**
 * Opens `uri` with lines `startLine`–`endLine` (1-based) selected and revealed at the top; `wholeFile` opens at
 * the top instead. Lines may have moved since the run: the range is clamped to the file. Returns false (after
 * saying so) when the file cannot be opened.
 */
export async function showLines(uri: vscode.Uri, startLine: number, endLine: number, options: { wholeFile: boolean; preview: boolean }): Promise<boolean> {
  let textDocument: vscode.TextDocument;
  try {
    textDocument = await vscode.workspace.openTextDocument(uri);
  } catch {
    void vscode.window.showWarningMessage(`Topic Lens: ${vscode.workspace.asRelativePath(uri)} no longer exists. Refresh to update the topics.`);
    return false;
  }
  const range = options.wholeFile
    ? new vscode.Range(0, 0, 0, 0)
    : textDocument.validateRange(new vscode.Range(startLine - 1, 0, endLine - 1, Number.MAX_SAFE_INTEGER));
  const editor = await vscode.window.showTextDocument(textDocument, { selection: range, preview: options.preview });
  editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
  return true;
}
