/**
 * Host side of the Topic Map webview: one panel at a time, a strict CSP with a nonce, resources only from the
 * extension's `dist` and `media` folders, and a serializer that brings the panel back after a window reload.
 * The points go as columns (binary in the post), an incremental update as the points that changed.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { selectDocuments, type PackedDocuments } from '../core/packedResult';
import { mapTopics } from '../core/report/mapData';
import { SET_ASIDE_TOPIC, sourceLabel } from '../core/result';
import type { HostToMap, MapPoints, MapRows, MapTarget, MapToHost } from '../protocol/map';
import type { TopicGranularity } from './granularity';
import type { ResultChange, ResultStore } from './resultStore';
import type { StoredResult } from './storedResult';

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
  /** Point i of the map is document `pointDocuments[i]` (the map leaves out unembeddable documents); ascending. */
  private pointDocuments: Int32Array = new Int32Array(0);
  /** The result whose points the webview has, if it has any: an incremental update of it goes as a delta. */
  private shown: StoredResult | undefined;
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
      store.onDidChange((change) => this.onResultChanged(change)),
      granularity.onDidChange(() => this.updateRows()),
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

  /** Sends everything: the points and the topic and group rows. */
  update(): void {
    if (!this.panel) return;
    const result = this.store.current;
    this.shown = result;
    this.pointDocuments = result ? pointDocuments(result) : new Int32Array(0);
    const data = result
      ? { title: sourceLabel(result.meta.source), ...this.rows(result), points: mapPoints(result.packed.documents, this.pointDocuments) }
      : null;
    void this.post({ type: 'data', data });
    this.updateNotice();
  }

  /** Re-sends the topic and group rows only (a renamed topic, another granularity). */
  updateRows(): void {
    const result = this.store.current;
    if (!this.panel || !result || this.shown !== result) return this.update();
    void this.post({ type: 'rows', rows: this.rows(result) });
  }

  private onResultChanged(change: ResultChange): void {
    if (!this.panel) return;
    if (change.kind === 'labels') return this.updateRows();
    // The same points and topics: the map stays as it is (it shows no findings).
    if (change.kind === 'audit' && this.shown === change.previous) {
      this.shown = change.result;
      return;
    }
    if (change.kind !== 'delta' || !change.result || !change.previous || this.shown !== change.previous) return this.update();
    // Document indices moved: a marked document is forgotten.
    this.selection = { target: this.selection.target };
    const { keep, incoming } = pointDelta(change.previous, change.result, new Set(change.delta!.files));
    this.shown = change.result;
    this.pointDocuments = pointDocuments(change.result);
    void this.post({ type: 'delta', rows: this.rows(change.result), keep, incoming: mapPoints(change.result.packed.documents, incoming) });
    this.updateNotice();
  }

  private rows(result: StoredResult): MapRows {
    return mapTopics(result.topics, this.granularity.grouping(result), this.store.customLabels);
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
      // A hidden webview is gone (no retained context): it asks for everything again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.shown = undefined;
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.shown = undefined;
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
    return points.filter((p) => p >= 0 && p < this.pointDocuments.length).map((p) => this.pointDocuments[p]);
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
    const result = this.store.current;
    const paths = result ? [...new Set(this.documentsOf(points).map((i) => result.pathOf(i)))] : [];
    await vscode.env.clipboard.writeText(paths.join('\n'));
    vscode.window.setStatusBarMessage(`Topic Lens: copied ${paths.length} path${paths.length === 1 ? '' : 's'}`, 3000);
  }

  private postSelection(): void {
    const document = this.selection.document;
    const point = document === undefined ? -1 : indexOf(this.pointDocuments, document);
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

/** The documents that have a place on the map, ascending. */
function pointDocuments(result: StoredResult): Int32Array {
  const setAside = result.membersOf(SET_ASIDE_TOPIC);
  if (setAside.length === 0) return Int32Array.from({ length: result.documentCount }, (_, i) => i);
  const points = new Int32Array(result.documentCount - setAside.length);
  let p = 0;
  for (let i = 0, s = 0; i < result.documentCount; i++) {
    if (s < setAside.length && setAside[s] === i) s++;
    else points[p++] = i;
  }
  return points;
}

function mapPoints(documents: PackedDocuments, indices: Int32Array): MapPoints {
  const { count, x, y, topic, startLine, endLine, paths, pathIndex, heading, snippet } = selectDocuments(documents, indices);
  return { count, x, y, topic, startLine, endLine, paths, pathIndex, heading, snippet };
}

/**
 * The points after an incremental update, from the points before: a point of a file the update left alone is the
 * same point as before (files keep their order), the points of the files in `files` are new.
 */
function pointDelta(previous: StoredResult, next: StoredResult, files: ReadonlySet<string>): { keep: Int32Array; incoming: Int32Array } {
  const before = previous.packed.documents;
  const after = next.packed.documents;
  const changedBefore = before.paths.map((path) => files.has(path));
  const changedAfter = after.paths.map((path) => files.has(path));
  const keep: number[] = [];
  const incoming: number[] = [];
  let j = 0;
  let pointsBefore = 0;
  const nextKeptPoint = (): number => {
    for (;;) {
      const isPoint = before.topic[j] !== SET_ASIDE_TOPIC;
      const kept = isPoint && !changedBefore[before.pathIndex[j]];
      const point = pointsBefore;
      if (isPoint) pointsBefore++;
      j++;
      if (kept) return point;
    }
  };
  for (let i = 0; i < after.count; i++) {
    if (after.topic[i] === SET_ASIDE_TOPIC) continue;
    if (changedAfter[after.pathIndex[i]]) {
      keep.push(-1);
      incoming.push(i);
    } else {
      keep.push(nextKeptPoint());
    }
  }
  return { keep: Int32Array.from(keep), incoming: Int32Array.from(incoming) };
}

/** Where `value` is in an ascending array, or -1. */
function indexOf(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === value ? lo : -1;
}
