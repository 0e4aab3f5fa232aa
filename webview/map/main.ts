/**
 * The Topic Map webview: a "Map" tab (document map, legend) and a "Top words" tab (bar charts), with a search box.
 * Talks to the host only through `src/protocol/map.ts`; keeps its view state in `setState` so a window
 * reload restores it.
 */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { MapData } from '../../src/core/report/mapData';
import type { HostToMap, MapRows, MapTarget, MapToHost, MapViewState } from '../../src/protocol/map';
import { ScatterView } from '../shared/scatter';
import { SelectionPanel } from '../shared/selectionPanel';
import { renderBarCharts } from './barChart';
import { readPalette, watchTheme } from './colors';
import { Legend } from './legend';
import { applyPointDelta, unpackPoints } from './points';
import styles from './map.css';

const vscode = acquireVsCodeApi<MapViewState>();
const post = (message: MapToHost) => vscode.postMessage(message);

// The CSP allows only styles carrying the page's nonce; the script tag carries the same one.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
globalThis.litNonce = nonce;
const style = document.createElement('style');
style.nonce = nonce;
style.textContent = styles;
document.head.append(style);

const INITIAL_STATE: MapViewState = { tab: 'map', hiddenTopics: [], search: '', selected: null, zoom: null, contours: false };
let state: MapViewState = { ...INITIAL_STATE, ...vscode.getState() };
function saveState(patch: Partial<MapViewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// ---- layout -------------------------------------------------------------------------------------------------
const tooltip = element('div', { className: 'tooltip', hidden: true });
const selectionPanel = new SelectionPanel({
  copyPaths: (points) => post({ type: 'copyPaths', points }),
  open: (points) => post({ type: 'openPoints', points }),
  openOne: (point) => post({ type: 'open', point }),
  clear: () => scatter.clearLasso(),
});
const plot = element('div', { className: 'plot' }, tooltip, selectionPanel.element);
const legendBox = element('div', { className: 'legend', ariaLabel: 'Legend' });
const charts = element('div', { className: 'charts' });
const search = element('vscode-textfield', { placeholder: 'Search files, headings, text', ariaLabel: 'Search documents' });
search.setAttribute('type', 'search');
const matchCount = element('span', { className: 'match-count' });
const summary = element('span', { className: 'summary' });
const notice = element('span', { className: 'notice', hidden: true });
const addons = element('div', { className: 'addons' }, summary, notice, search, matchCount);
addons.slot = 'addons';
const mapHeader = element('vscode-tab-header', {}, document.createTextNode('Map'));
const wordsHeader = element('vscode-tab-header', {}, document.createTextNode('Top words'));
mapHeader.slot = wordsHeader.slot = 'header';
const tabs = element(
  'vscode-tabs',
  {},
  mapHeader,
  wordsHeader,
  addons,
  element('vscode-tab-panel', {}, element('div', { className: 'map-layout' }, plot, legendBox)),
  element('vscode-tab-panel', {}, charts),
);
const empty = element(
  'div',
  { className: 'empty-state', hidden: true },
  document.createTextNode('No topics yet. Run “Topic Lens: Detect Topics” to fill this map.'),
);
document.body.append(tabs, empty);

// ---- views --------------------------------------------------------------------------------------------------
let data: MapData | null = null;
let palette = readPalette();
let matches: Uint8Array | null = null;
let markedPoint: number | null = null;
let zoomRestored = false;
/** Documents in the lasso selection. */
let lassoed = 0;

const scatter = new ScatterView(plot, tooltip, palette, {
  onOpen: (point) => post({ type: 'open', point }),
  onSelect: (target) => select(target, true),
  onZoom: (zoom) => saveState({ zoom }),
  onLasso: (points) => {
    lassoed = points.length;
    selectionPanel.show(points, data?.points ?? []);
  },
  onContours: (contours) => saveState({ contours }),
});
scatter.setContours(state.contours);
const legend = new Legend(legendBox, {
  onToggle: (topics, visible) => {
    const hidden = new Set(state.hiddenTopics);
    for (const t of topics) {
      if (visible) hidden.delete(t);
      else hidden.add(t);
    }
    saveState({ hiddenTopics: [...hidden] });
    render();
  },
  onSelect: (target) => select(target, true),
});

function select(target: MapTarget | null, fromUser: boolean, point: number | null = null): void {
  markedPoint = point;
  saveState({ selected: target });
  if (fromUser) post({ type: 'select', target });
  render();
}

function updateMatches(): void {
  const query = state.search.trim().toLowerCase();
  if (!data || query === '') {
    matches = null;
    matchCount.textContent = '';
    return;
  }
  matches = new Uint8Array(data.points.length);
  let count = 0;
  data.points.forEach((p, i) => {
    const hit = p.path.toLowerCase().includes(query) || (p.heading ?? '').toLowerCase().includes(query) || p.snippet.toLowerCase().includes(query);
    if (hit) {
      matches![i] = 1;
      count++;
    }
  });
  matchCount.textContent = count === 1 ? '1 match' : `${count} matches`;
}

function render(): void {
  const hidden = new Set(state.hiddenTopics);
  empty.hidden = data !== null;
  tabs.hidden = data === null;
  if (data) {
    const topics = data.topics.filter((t) => t.id >= 0).length;
    const groups = data.groups.length;
    summary.textContent = `${data.points.length} documents · ${topics} topics${groups < topics ? ` in ${groups} groups` : ''}`;
  }
  scatter.setHidden(hidden);
  scatter.setEmphasis({ target: state.selected, point: markedPoint, matches });
  legend.render(data, palette, hidden, state.selected);
  renderBarCharts(charts, data, palette, state.selected, (topic) => select({ kind: 'topic', id: topic }, true));
}

// ---- events -------------------------------------------------------------------------------------------------
let searchTimer: ReturnType<typeof setTimeout> | undefined;
search.value = state.search;
search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    saveState({ search: search.value });
    updateMatches();
    render();
  }, 150);
});

tabs.selectedIndex = state.tab === 'words' ? 1 : 0;
tabs.addEventListener('vsc-tabs-select', (event) => saveState({ tab: event.detail.selectedIndex === 1 ? 'words' : 'map' }));

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  if (lassoed > 0) scatter.clearLasso();
  else if (state.selected !== null) select(null, true);
  else if (state.search !== '') {
    search.value = '';
    saveState({ search: '' });
    updateMatches();
    render();
  }
});

watchTheme(() => {
  palette = readPalette();
  scatter.setPalette(palette);
  render();
});

function showData(next: MapData | null): void {
  data = next;
  keepStateOf(data);
  // Point indices changed: a marked point means another document now.
  markedPoint = null;
  scatter.setData(data);
  selectionPanel.show([], []);
  if (data && !zoomRestored) {
    scatter.restoreZoom(state.zoom);
    zoomRestored = true;
  }
  updateMatches();
  render();
}

/** The same points with other topic and group rows (a renamed topic, another granularity). */
function showRows(rows: MapRows): void {
  data = { ...data!, ...rows };
  keepStateOf(data);
  scatter.setData(data);
  selectionPanel.show([], []);
  render();
}

/** Hidden topics and the selection are kept only where the topic (or group) still exists. */
function keepStateOf(next: MapData | null): void {
  const ids = new Set(next?.topics.map((t) => t.id) ?? []);
  const groups = new Set(next?.groups.map((g) => g.id) ?? []);
  const { selected } = state;
  saveState({
    hiddenTopics: state.hiddenTopics.filter((t) => ids.has(t)),
    selected: selected !== null && (selected.kind === 'group' ? groups : ids).has(selected.id) ? selected : null,
  });
}

window.addEventListener('message', (event: MessageEvent<HostToMap>) => {
  const message = event.data;
  switch (message.type) {
    case 'data':
      showData(
        message.data && { title: message.data.title, topics: message.data.topics, groups: message.data.groups, points: unpackPoints(message.data.points) },
      );
      break;
    case 'delta':
      if (data) showData({ ...data, ...message.rows, points: applyPointDelta(data.points, message.keep, unpackPoints(message.incoming)) });
      break;
    case 'rows':
      if (data) showRows(message.rows);
      break;
    case 'select':
      select(message.target, false, message.point ?? null);
      break;
    case 'notice':
      notice.textContent = message.text ?? '';
      notice.title = message.text ?? '';
      notice.hidden = message.text === null;
      break;
  }
});

post({ type: 'ready' });
