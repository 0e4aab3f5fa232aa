/** The standalone map.html: one file, no network, data and script inlined. */
import type { MapData } from './mapData';

/** JSON inside a <script> element must not be able to close it. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `script` is the bundled browser code (dist/webview/standalone.js) that reads the #map-data element. */
export function renderMapHtml(data: MapData, script: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Topic map — ${escapeHtml(data.title)}</title>
<style>
  html, body { margin: 0; height: 100%; font: 13px system-ui, sans-serif; background: #fff; color: #222; }
  #map { position: absolute; inset: 0; }
  #map canvas, #map svg { position: absolute; inset: 0; }
  .label { font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; pointer-events: none; }
  #tooltip { position: absolute; pointer-events: none; background: #fff; border: 1px solid #999; padding: 4px 6px; max-width: 420px; display: none; white-space: pre-wrap; }
  #title { position: absolute; left: 8px; top: 6px; font-weight: 600; }
</style>
</head>
<body>
<div id="map"></div><div id="title"></div><div id="tooltip"></div>
<script type="application/json" id="map-data">${scriptSafeJson(data)}</script>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
