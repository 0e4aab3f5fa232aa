/**
 * Host side of the Topic Map webview: one panel at a time, a strict CSP with a nonce, resources only from the
 * extension's `dist` and `media` folders, and a serializer that brings the panel back after a window reload.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { buildMapData, type MapData } from '../core/report/mapData';
import { SET_ASIDE_TOPIC } from '../core/result';
import type { HostToMap, MapTarget, MapToHost } from '../protocol/map';
import type { TopicGranularity } from './granularity';
import type { ResultStore } from './resultStore';

export type { MapTarget } from '../protocol/map';

export const MAP_VIEW_TYPE = 'topicLens.map';
const TITLE = 'Topic Map';
/** "Open" on a lasso selection opens at most this many documents (the rest stay listed in the map). */
export const MAX_OPENED_DOCUMENTS = 10;

export interface MapPanelHandlers {
  /** A point was clicked: open `result.documents[index]` (in a preview editor unless `keepOpen`). */
  openDocument(index: number, keepOpen?: boolean): void;
  /** A topic or group was picked in the map; null clears. */
  select(target: MapTarget | null): void;
}

export class MapPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  /** `MapData.points[i]` is `result.documents[pointDocuments[i]]` (the map leaves out unembeddable documents). */
  private pointDocuments: number[] = [];
  private selection: { target: MapTarget | null; document?: number } = { target: null };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ResultStore,
    private readonly granularity: TopicGranularity,
    /** A line for the map's header about how current the topics are (e.g. updated incrementally). */
    private readonly notice: () => string | undefined,
    private readonly handlers: MapPanelHandlers,
  ) {
    this.disposables.push(
      store.onDidChange(() => this.update()),
      granularity.onDidChange(() => this.update()),
    );
  }

  /** What the map highlights now (the last selection sent to it or made in it). */
  get selected(): MapTarget | null {
    return this.selection.target;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the map (or brings it forward), optionally highlighting a topic or group. */
  show(target?: MapTarget): void {
    if (target !== undefined) this.selection = { target };
    if (this.panel) {
      this.panel.reveal(undefined, false);
      this.postSelection();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      MAP_VIEW_TYPE,
      TITLE,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        ...this.webviewOptions(),
        retainContextWhenHidden: false,
      },
    );
    this.attach(panel);
  }

  /** Highlights a topic or group (and optionally one document) if the map is open. */
  select(target: MapTarget | null, document?: number): void {
    this.selection = { target, document };
    this.postSelection();
  }

  /** Re-sends the data (a new result, a renamed topic, another granularity). */
  update(): void {
    if (!this.panel) return;
    void this.post({ type: 'data', data: this.mapData() });
    this.updateNotice();
  }

  /** Re-sends only the header's notice (updates paused, settings changed). */
  updateNotice(): void {
    void this.post({ type: 'notice', text: this.notice() ?? null });
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    if (this.panel) {
      panel.dispose(); // at most one map
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html(panel.webview);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: MapToHost) => this.onMessage(message)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const s of subscriptions) s.dispose();
      }),
    ];
  }

  private onMessage(message: MapToHost): void {
    switch (message.type) {
      case 'ready':
        this.update();
        this.postSelection();
        break;
      case 'open': {
        const document = this.pointDocuments[message.point];
        if (document !== undefined) this.handlers.openDocument(document);
        break;
      }
      case 'select':
        this.selection = { target: message.target };
        this.handlers.select(message.target);
        break;
      case 'openPoints':
        void this.openPoints(message.points);
        break;
      case 'copyPaths':
        void this.copyPaths(message.points);
        break;
    }
  }

  private documentsOf(points: readonly number[]): number[] {
    return points.flatMap((p) => this.pointDocuments[p] ?? []);
  }

  private async openPoints(points: readonly number[]): Promise<void> {
    const documents = this.documentsOf(points);
    for (const index of documents.slice(0, MAX_OPENED_DOCUMENTS)) this.handlers.openDocument(index, true);
    if (documents.length > MAX_OPENED_DOCUMENTS) {
      void vscode.window.showInformationMessage(
        `Topic Lens opened the first ${MAX_OPENED_DOCUMENTS} of ${documents.length} selected documents; "Copy Paths" lists them all.`,
      );
    }
  }

  private async copyPaths(points: readonly number[]): Promise<void> {
    const docs = this.store.current?.documents ?? [];
    const paths = [...new Set(this.documentsOf(points).map((i) => docs[i].path))];
    await vscode.env.clipboard.writeText(paths.join('\n'));
    vscode.window.setStatusBarMessage(`Topic Lens: copied ${paths.length} path${paths.length === 1 ? '' : 's'}`, 3000);
  }

  private mapData(): MapData | null {
    const result = this.store.current;
    if (!result) {
      this.pointDocuments = [];
      return null;
    }
    this.pointDocuments = [];
    result.documents.forEach((doc, i) => {
      if (doc.topic !== SET_ASIDE_TOPIC) this.pointDocuments.push(i);
    });
    return buildMapData(result, this.granularity.grouping(), this.store.customLabels);
  }

  private postSelection(): void {
    const point = this.selection.document === undefined ? -1 : this.pointDocuments.indexOf(this.selection.document);
    void this.post({ type: 'select', target: this.selection.target, ...(point >= 0 ? { point } : {}) });
  }

  private post(message: HostToMap): Thenable<boolean> | undefined {
    return this.panel?.webview.postMessage(message);
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(18).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'map.js'));
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${TITLE}</title>
</head>
<body>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
