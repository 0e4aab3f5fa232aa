/** Browser side of the standalone map.html written by the CLI: the shared document map on a fixed light palette. */
import { schemeTableau10 } from 'd3';
import type { MapData } from '../../src/core/report/mapData';
import type { Palette } from '../shared/palette';
import { ScatterView } from '../shared/scatter';

/** A file opened from disk has no theme to follow; 20 topic colours, as many as the webview's theme colours. */
const PALETTE: Palette = {
  topics: [...schemeTableau10, '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666', '#1f78b4', '#b2df8a'],
  grey: '#c8c8c8',
  foreground: '#222222',
  background: '#ffffff',
  highContrast: false,
};

const data = JSON.parse(document.getElementById('map-data')!.textContent!) as MapData;
document.getElementById('title')!.textContent = `${data.title} — ${data.points.length} documents, ${data.topics.filter((t) => t.id >= 0).length} topics`;

// No editor to open a file in: clicks do nothing, and the tooltip carries the snippet instead.
new ScatterView(document.getElementById('map')!, document.getElementById('tooltip')!, PALETTE, { showSnippet: true }).setData(data);
