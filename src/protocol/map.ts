/**
 * The messages between the extension host (`src/extension/mapPanel.ts`) and the map webview (`webview/map/`).
 * Both sides import this file; the webview imports nothing else from the host but the packed strings' reader.
 *
 * Points travel as columns (typed arrays, strings packed in one UTF-8 buffer each): the webview posts carry
 * ArrayBuffers as binary, where tens of thousands of point objects would be stringified on the extension host's
 * thread. An incremental update sends only what changed (`delta`).
 */
import type { PackedDocuments } from '../core/packedResult';
import type { MapData } from '../core/report/mapData';

/** The map's points (documents that have a place on it), as columns. */
export type MapPoints = Pick<PackedDocuments, 'count' | 'x' | 'y' | 'topic' | 'startLine' | 'endLine' | 'paths' | 'pathIndex' | 'heading' | 'snippet'>;

/** The rows beside the points: every topic and the groups they are shown in (colours and label anchors). */
export type MapRows = Pick<MapData, 'topics' | 'groups'>;

export interface MapContent extends MapRows {
  readonly title: string;
  readonly points: MapPoints;
}

/** What the map highlights: one topic, or a group of topics (`MapGroup.id`). */
export interface MapTarget {
  readonly kind: 'topic' | 'group';
  readonly id: number;
}

export type HostToMap =
  /** A new result, or another granularity (null: nothing to show yet). */
  | { readonly type: 'data'; readonly data: MapContent | null }
  /**
   * The result shown was updated incrementally: the new points are the old points at `keep` (an old point index per
   * new point, -1 where the next of `incoming` goes), and the topic and group rows are new.
   */
  | { readonly type: 'delta'; readonly rows: MapRows; readonly keep: Int32Array; readonly incoming: MapPoints }
  /** The same points, other topic and group rows (a renamed topic, another granularity). */
  | { readonly type: 'rows'; readonly rows: MapRows }
  /** Highlight a topic or group (from the tree); null clears the highlight. `point` also marks one document. */
  | { readonly type: 'select'; readonly target: MapTarget | null; readonly point?: number }
  /** A line for the header about how current the topics are ("Updated incrementally · …"); null: none. */
  | { readonly type: 'notice'; readonly text: string | null };

export type MapToHost =
  /** The script is listening: the host answers with `data`. */
  | { readonly type: 'ready' }
  /** Open the document of point `point` at its section. */
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
