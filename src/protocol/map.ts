/**
 * The messages between the extension host (`src/extension/mapPanel.ts`) and the map webview (`webview/map/`).
 * Both sides import this file; the webview imports nothing else from the host.
 */
import type { MapData } from '../core/report/mapData';

export type HostToMap =
  /** A new or changed result (null: nothing to show yet). */
  | { readonly type: 'data'; readonly data: MapData | null }
  /** Highlight a topic (from the tree); null clears the highlight. `point` also marks one document. */
  | { readonly type: 'select'; readonly topic: number | null; readonly point?: number }
  /** A line for the header about how current the topics are ("Updated incrementally · …"); null: none. */
  | { readonly type: 'notice'; readonly text: string | null };

export type MapToHost =
  /** The script is listening: the host answers with `data`. */
  | { readonly type: 'ready' }
  /** Open the document of `MapData.points[point]` at its section. */
  | { readonly type: 'open'; readonly point: number }
  /** The user picked a topic in the map (label or legend); null clears. The host reveals it in the tree. */
  | { readonly type: 'selectTopic'; readonly topic: number | null };

/** What the webview keeps in `vscode.setState`, so a reload (WebviewPanelSerializer) restores the view. */
export interface MapViewState {
  readonly tab: 'map' | 'words';
  readonly hiddenTopics: readonly number[];
  readonly search: string;
  readonly selectedTopic: number | null;
  readonly zoom: { readonly x: number; readonly y: number; readonly k: number } | null;
}
