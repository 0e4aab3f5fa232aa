/** Browser side of the standalone map.html written by the CLI: points on a canvas, labels in SVG, zoom, hover. */
import { quadtree, scaleLinear, schemeTableau10, select, zoom, zoomIdentity, type ZoomTransform } from 'd3';
import type { MapData, MapPoint } from '../../src/core/report/mapData';

const GREY = '#c8c8c8';
const palette = [...schemeTableau10, '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666', '#1f78b4', '#b2df8a'];

const data = JSON.parse(document.getElementById('map-data')!.textContent!) as MapData;
const container = document.getElementById('map')!;
const tooltip = document.getElementById('tooltip')!;
document.getElementById('title')!.textContent = `${data.title} — ${data.points.length} documents, ${data.topics.filter((t) => t.id >= 0).length} topics`;

const colourOf = new Map(data.topics.map((t) => [t.id, t.colorIndex >= 0 ? palette[t.colorIndex % palette.length] : GREY]));
const labelled = data.topics.filter((t) => t.colorIndex >= 0);
const canvas = container.appendChild(document.createElement('canvas'));
const svg = select(container).append('svg');
const labelLayer = svg.append('g');
const context = canvas.getContext('2d')!;

let width = 0;
let height = 0;
let transform: ZoomTransform = zoomIdentity;
const xs = data.points.map((p) => p.x);
const ys = data.points.map((p) => p.y);
const x = scaleLinear().domain([Math.min(...xs), Math.max(...xs)]).nice();
const y = scaleLinear().domain([Math.min(...ys), Math.max(...ys)]).nice();
// Grey points first so coloured topics stay on top.
const drawOrder = [...data.points].sort((a, b) => Number(colourOf.get(a.topic) !== GREY) - Number(colourOf.get(b.topic) !== GREY));
let index = quadtree<MapPoint>();

function layout(): void {
  width = container.clientWidth;
  height = container.clientHeight;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  svg.attr('width', width).attr('height', height);
  x.range([20, width - 20]);
  y.range([height - 20, 40]);
  index = quadtree<MapPoint>().x((p) => x(p.x)).y((p) => y(p.y)).addAll([...data.points]);
  draw();
}

function draw(): void {
  context.clearRect(0, 0, width, height);
  const radius = Math.max(1.5, Math.min(4, 2 * Math.sqrt(transform.k)));
  for (const p of drawOrder) {
    const [px, py] = transform.apply([x(p.x), y(p.y)]);
    if (px < -5 || py < -5 || px > width + 5 || py > height + 5) continue;
    context.fillStyle = colourOf.get(p.topic) ?? GREY;
    context.globalAlpha = colourOf.get(p.topic) === GREY ? 0.5 : 0.8;
    context.fillRect(px - radius / 2, py - radius / 2, radius, radius);
  }
  context.globalAlpha = 1;
  labelLayer
    .selectAll('text')
    .data(labelled)
    .join('text')
    .attr('class', 'label')
    .attr('text-anchor', 'middle')
    .attr('x', (t) => transform.applyX(x(t.centroid[0])))
    .attr('y', (t) => transform.applyY(y(t.centroid[1])))
    .text((t) => t.label);
}

svg.call(
  zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.5, 40])
    .on('zoom', (event: { transform: ZoomTransform }) => {
      transform = event.transform;
      draw();
    }),
);

svg.on('mousemove', (event: MouseEvent) => {
  const [mx, my] = transform.invert([event.offsetX, event.offsetY]);
  const hit = index.find(mx, my, 6 / transform.k);
  if (!hit) {
    tooltip.style.display = 'none';
    return;
  }
  const topic = data.topics.find((t) => t.id === hit.topic);
  tooltip.textContent = `${hit.path}${hit.heading ? ` › ${hit.heading}` : ''}\n${topic ? topic.label : ''}\n\n${hit.snippet}`;
  tooltip.style.left = `${event.clientX + 12}px`;
  tooltip.style.top = `${event.clientY + 12}px`;
  tooltip.style.display = 'block';
});

window.addEventListener('resize', layout);
layout();
