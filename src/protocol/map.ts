/**
 * The messages between the extension host (`src/extension/mapPanel.ts`) and the map webview (`webview/map/`).
 * Both sides import this file; the webview imports nothing else from the host but the packed strings' reader.
 *
 * Points travel as columns (typed arrays, strings packed in one UTF-8 buffer each): the webview posts carry
 * ArrayBuffers as binary, where tens of thousands of point objects would be stringified on the extension host's
 * thread. An incremental update sends only what changed (`delta`).
 */
import type { PackedDocuments } from '../core/packedResult';
import type { MapTopic } from '../core/report/mapData';

/** The map's points (documents that have a place on it), as columns. */
export type MapPoints = Pick<PackedDocuments, 'count' | 'x' | 'y' | 'topic' | 'startLine' | 'endLine' | 'paths' | 'pathIndex' | 'heading' | 'snippet'>;

export interface MapContent {
  readonly title: string;
  readonly topics: readonly MapTopic[];
  readonly points: MapPoints;
}

export type HostToMap =
  /** A new result (null: nothing to show yet). */
  | { readonly type: 'data'; readonly data: MapContent | null }
  /**
   * The result shown was updated incrementally: the new points are the old points at `keep` (an old point index per
   * new point, -1 where the next of `incoming` goes), and the topics are new.
   */
  | { readonly type: 'delta'; readonly topics: readonly MapTopic[]; readonly keep: Int32Array; readonly incoming: MapPoints }
  /** The same points, other topic rows (a renamed topic, another number of coloured topics). */
  | { readonly type: 'topics'; readonly topics: readonly MapTopic[] }
  /** Highlight a topic (from the tree); null clears the highlight. `point` also marks one document. */
  | { readonly type: 'select'; readonly topic: number | null; readonly point?: number }
  /** A line for the header about how current the topics are ("Updated incrementally · …"); null: none. */
  | { readonly type: 'notice'; readonly text: string | null };

export type MapToHost =
  /** The script is listening: the host answers with `data`. */
  | { readonly type: 'ready' }
  /** Open the document of point `point` at its section. */
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
