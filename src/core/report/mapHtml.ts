/** The standalone map.html: one file, no network, data and script inlined. */
import { createHash } from 'node:crypto';
import type { MapData } from './mapData';

/** JSON inside a <script> element must not be able to close it. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  html, body { margin: 0; height: 100%; overflow: hidden; font: 13px system-ui, sans-serif; background: #fff; color: #222; }
  body { display: flex; flex-direction: column; }
  #title { padding: 6px 8px; font-weight: 600; }
  /* The map (webview/shared/scatter.ts) fills .plot and positions the tooltip inside it, as in the webview. */
  .plot { position: relative; flex: 1; min-height: 0; overflow: hidden; cursor: grab; }
  .plot.selecting { cursor: crosshair; }
  .plot canvas, .plot svg.labels, .plot svg.contours { position: absolute; inset: 0; }
  .plot svg.labels, .plot svg.contours { width: 100%; height: 100%; pointer-events: none; overflow: visible; }
  .plot svg.label-probe { position: absolute; width: 0; height: 0; visibility: hidden; }
  .plot svg.contours path { fill: none; stroke-opacity: 0.55; stroke-width: 1px; vector-effect: non-scaling-stroke; }
  .map-label { fill: #222; font: 600 12px system-ui, sans-serif; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
  .map-label.group-label { font-size: 14px; font-weight: 700; }
  .lasso { fill: rgba(0, 114, 178, 0.08); stroke: #0072b2; stroke-width: 1.5px; stroke-dasharray: 4 3; }
  .map-toolbar { position: absolute; top: 6px; left: 6px; z-index: 1; display: flex; gap: 4px; }
  .map-tool, .selection-action { padding: 2px 8px; font: inherit; background: #f3f3f3; border: 1px solid #bbb; border-radius: 2px; cursor: pointer; }
  .map-tool[aria-pressed='true'] { color: #fff; background: #0072b2; border-color: #0072b2; }
  .selection-panel { position: absolute; left: 6px; bottom: 6px; z-index: 1; display: flex; flex-direction: column; max-width: min(520px, 70%); max-height: 40%; padding: 6px 8px; background: #fff; border: 1px solid #999; }
  .selection-panel[hidden] { display: none; }
  .selection-header { display: flex; align-items: center; gap: 6px; }
  .selection-count { flex: 1; font-weight: 600; }
  .selection-list { margin: 4px 0 0; padding-left: 22px; overflow-y: auto; overflow-wrap: anywhere; }
  .selection-more { color: #666; list-style: none; }
  .tooltip { position: absolute; z-index: 2; max-width: 420px; padding: 4px 8px; pointer-events: none; background: #fff; border: 1px solid #999; overflow-wrap: anywhere; }
  /* The map shows and hides the tooltip with the hidden attribute; a display rule must not win over it. */
  .tooltip[hidden] { display: none; }
  .tooltip-path { font-weight: 600; }
  .tooltip-topic, .tooltip-group { color: #666; }
  .tooltip-title { font-style: italic; }
  .tooltip-snippet { margin-top: 4px; }
`;

/** The CSP source that allows exactly this inline script or style element's text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * `script` is the bundled browser code (dist/webview/standalone.js) that reads the #map-data element. The page's
 * CSP allows its one script and one style by hash: nothing else runs, whatever a file name or heading holds. The
 * JSON data block is not a script the browser runs, so it needs no hash.
 */
export function renderMapHtml(data: MapData, script: string): string {
  const inlineScript = script.replace(/<\/script/gi, '<\\/script');
  const csp = `default-src 'none'; script-src ${cspHash(inlineScript)}; style-src ${cspHash(STYLE)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Topic map — ${escapeHtml(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="title"></div>
<div id="map" class="plot"><div id="tooltip" class="tooltip" hidden></div></div>
<script type="application/json" id="map-data">${scriptSafeJson(data)}</script>
<script>${inlineScript}</script>
</body>
</html>
`;
}
