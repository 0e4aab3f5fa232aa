/** Browser side of the standalone map.html written by the CLI: the shared document map on a fixed light palette. */
import type { MapData } from '../../src/core/report/mapData';
import { ScatterView } from '../shared/scatter';
import { SelectionPanel } from '../shared/selectionPanel';
import { STANDALONE_PALETTE } from './palette';

const data = JSON.parse(document.getElementById('map-data')!.textContent!) as MapData;
const topics = data.topics.filter((t) => t.id >= 0).length;
const groups = data.groups.length;
document.getElementById('title')!.textContent =
  `${data.title} — ${data.points.length} documents, ${topics} topics${groups < topics ? ` in ${groups} groups` : ''}`;

/** The clipboard API needs a secure context; a file may not be one, so fall back to a selected text area. */
async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.body.appendChild(document.createElement('textarea'));
    area.value = text;
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

const plot = document.getElementById('map')!;
const panel = new SelectionPanel({
  copyPaths: (points) => void copy([...new Set(points.map((p) => data.points[p].path))].join('\n')),
  clear: () => scatter.clearLasso(),
});
plot.append(panel.element);
// No editor to open a file in: clicks do nothing, and the tooltip carries the snippet instead.
const scatter = new ScatterView(plot, document.getElementById('tooltip')!, STANDALONE_PALETTE, {
  showSnippet: true,
  onLasso: (points) => panel.show(points, data.points),
});
scatter.setData(data);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') scatter.clearLasso();
});
