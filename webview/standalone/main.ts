/** Browser side of the standalone map.html written by the CLI: the shared document map on a fixed light palette. */
import type { MapData } from '../../src/core/report/mapData';
import { ScatterView } from '../shared/scatter';
import { STANDALONE_PALETTE } from './palette';

const data = JSON.parse(document.getElementById('map-data')!.textContent!) as MapData;
document.getElementById('title')!.textContent = `${data.title} — ${data.points.length} documents, ${data.topics.filter((t) => t.id >= 0).length} topics`;

// No editor to open a file in: clicks do nothing, and the tooltip carries the snippet instead.
new ScatterView(document.getElementById('map')!, document.getElementById('tooltip')!, STANDALONE_PALETTE, { showSnippet: true }).setData(data);
