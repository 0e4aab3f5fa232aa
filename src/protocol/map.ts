/**
 * The messages between the extension host (`src/extension/mapPanel.ts`) and the map webview (`webview/map/`).
 * Both sides import this file; the webview imports nothing else from the host.
 */
import type { MapData } from '../core/report/mapData';

/** What the map highlights: one topic, or a group of topics (`MapGroup.id`). */
export interface MapTarget {
  readonly kind: 'topic' | 'group';
  readonly id: number;
}

export type HostToMap =
  /** A new or changed result, or another granularity (null: nothing to show yet). */
  | { readonly type: 'data'; readonly data: MapData | null }
  /** Highlight a topic or group (from the tree); null clears the highlight. `point` also marks one document. */
  | { readonly type: 'select'; readonly target: MapTarget | null; readonly point?: number }
  /** A line for the header about how current the topics are ("Updated incrementally · …"); null: none. */
  | { readonly type: 'notice'; readonly text: string | null };

export type MapToHost =
  /** The script is listening: the host answers with `data`. */
  | { readonly type: 'ready' }
  /** Open the document of `MapData.points[point]` at its section. */
  | { readonly type: 'open'; readonly point: number }
  /** Open the documents of several points (a lasso selection). */
  | { readonly type: 'openPoints'; readonly points: readonly number[] }
  /** Copy the paths of the documents of these points to the clipboard. */
  | { readonly type: 'copyPaths'; readonly points: readonly number[] }
  /** The user picked a topic or a group in the map (label or legend); null clears. The host reveals it in the tree. */
  | { readonly type: 'select'; readonly target: MapTarget | null };

/** What the webview keeps in `vscode.setState`, so a reload (WebviewPanelSerializer) restores the view. */
export interface MapViewState {
  readonly tab: 'map' | 'words';
  readonly hiddenTopics: readonly number[];
  readonly search: string;
  readonly selected: MapTarget | null;
  readonly zoom: { readonly x: number; readonly y: number; readonly k: number } | null;
  /** Density contours of the groups drawn under the points. */
  readonly contours: boolean;
}
