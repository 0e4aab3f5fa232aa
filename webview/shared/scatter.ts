/**
 * The document map, for both hosts: the VS Code webview (`webview/map/`) and the CLI's standalone map.html
 * (`webview/standalone/`). Nothing here knows its host; colours and actions come in from the caller.
 *
 * Points on a canvas (tens of thousands stay smooth: one path per colour, culled to the viewport, redrawn at most
 * once per frame), topic labels in SVG at their centroids (clicks pass through them to the points below), d3-zoom
 * for zoom and pan, a quadtree for hover and click hit-testing. All user text goes through textContent / d3
 * `.text()`.
 */
import { quadtree, select, zoom, zoomIdentity, type Quadtree, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { MapData, MapTopic } from '../../src/core/report/mapData';
import type { Palette } from './palette';

export interface ZoomState {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/** What the host does with the map; all optional, since the standalone page has no editor to talk to. */
export interface ScatterOptions {
  /** A click on a point. */
  onOpen?(point: number): void;
  /** A click on empty space while a topic is selected (null: clear the selection). */
  onSelectTopic?(topic: number | null): void;
  /** The end of a zoom or pan gesture, for the host to save. */
  onZoom?(zoom: ZoomState): void;
  /** Adds the point's snippet to the tooltip, where there is no editor to open the file in. */
  showSnippet?: boolean;
}

/** Which points stand out: a selected topic and/or search matches; everything else is faded. */
export interface Emphasis {
  readonly topic: number | null;
  readonly point: number | null;
  /** 1 = matches the search; null = no search. */
  readonly matches: Uint8Array | null;
}

const PADDING = 24;
/** Above this many points, squares (one rectangle path per colour, several times faster than arcs) stand in for circles. */
const SQUARES_ABOVE = 4000;
const HOVER_RADIUS_PX = 6;
const FADED_ALPHA = 0.12;
/** A label's baseline stays this far inside the top (one line of text) and the bottom (descenders). */
const LABEL_TOP_MARGIN = 14;
const LABEL_BOTTOM_MARGIN = 4;

export class ScatterView {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly labels: Selection<SVGGElement, unknown, null, undefined>;
  private readonly zoomBehavior: ZoomBehavior<HTMLElement, unknown>;
  private data: MapData | null = null;
  private topicOf = new Map<number, MapTopic>();
  private palette: Palette;
  /** Point positions at zoom 1, in CSS pixels. */
  private baseX = new Float32Array(0);
  private baseY = new Float32Array(0);
  /** Point indices by colour index; grey (-1) first so coloured topics draw on top. */
  private groups: { colorIndex: number; points: number[] }[] = [];
  private index: Quadtree<number> = quadtree<number>();
  /** Topic centroids at zoom 1, in CSS pixels. */
  private centroids = new Map<number, [number, number]>();
  private transform: ZoomTransform = zoomIdentity;
  private hidden: ReadonlySet<number> = new Set();
  private emphasis: Emphasis = { topic: null, point: null, matches: null };
  private width = 0;
  private height = 0;
  private frame = 0;
  private hovered = -1;

  constructor(
    private readonly container: HTMLElement,
    private readonly tooltip: HTMLElement,
    palette: Palette,
    private readonly options: ScatterOptions = {},
  ) {
    this.palette = palette;
    this.canvas = container.appendChild(document.createElement('canvas'));
    this.context = this.canvas.getContext('2d')!;
    const svg = select(container).append('svg').attr('class', 'labels');
    this.labels = svg.append('g');
    this.zoomBehavior = zoom<HTMLElement, unknown>()
      .scaleExtent([0.5, 64])
      .on('zoom', (event: { transform: ZoomTransform }) => {
        this.transform = event.transform;
        this.hideTooltip();
        this.scheduleDraw();
      })
      .on('end', () => this.options.onZoom?.({ x: this.transform.x, y: this.transform.y, k: this.transform.k }));
    select(container).call(this.zoomBehavior).on('dblclick.zoom', null);
    container.addEventListener('mousemove', (event) => this.onHover(event));
    container.addEventListener('mouseleave', () => this.hideTooltip());
    container.addEventListener('click', (event) => this.onClick(event));
    new ResizeObserver(() => this.layout()).observe(container);
  }

  setData(data: MapData | null): void {
    this.data = data;
    this.topicOf = new Map((data?.topics ?? []).map((t) => [t.id, t]));
    const byColor = new Map<number, number[]>();
    data?.points.forEach((point, i) => {
      const colorIndex = this.topicOf.get(point.topic)?.colorIndex ?? -1;
      let list = byColor.get(colorIndex);
      if (!list) byColor.set(colorIndex, (list = []));
      list.push(i);
    });
    this.groups = [...byColor].sort(([a], [b]) => a - b).map(([colorIndex, points]) => ({ colorIndex, points }));
    this.layout();
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.scheduleDraw();
  }

  setHidden(hidden: ReadonlySet<number>): void {
    if (hidden.size === this.hidden.size && [...hidden].every((t) => this.hidden.has(t))) return;
    this.hidden = hidden;
    this.buildIndex();
    this.scheduleDraw();
  }

  setEmphasis(emphasis: Emphasis): void {
    this.emphasis = emphasis;
    this.scheduleDraw();
  }

  restoreZoom(saved: ZoomState | null): void {
    if (saved) select(this.container).call(this.zoomBehavior.transform, zoomIdentity.translate(saved.x, saved.y).scale(saved.k));
  }

  /** Fits the data into the container with one scale for both axes, so distances keep their meaning. */
  private layout(): void {
    this.width = this.container.clientWidth;
    this.height = this.container.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(this.width * ratio));
    this.canvas.height = Math.max(1, Math.round(this.height * ratio));
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const points = this.data?.points ?? [];
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const p of points) {
      if (p.x < minX) minX = p.x;
      if (p.x > maxX) maxX = p.x;
      if (p.y < minY) minY = p.y;
      if (p.y > maxY) maxY = p.y;
    }
    const spanX = Math.max(maxX - minX, 1e-9);
    const spanY = Math.max(maxY - minY, 1e-9);
    const scale = Math.max(0, Math.min((this.width - 2 * PADDING) / spanX, (this.height - 2 * PADDING) / spanY));
    const offsetX = (this.width - scale * spanX) / 2;
    const offsetY = (this.height - scale * spanY) / 2;
    // Screen y grows downwards; flip so the map reads like a plot.
    const toBase = (x: number, y: number): [number, number] => [offsetX + (x - minX) * scale, this.height - offsetY - (y - minY) * scale];
    this.baseX = Float32Array.from(points, (p) => toBase(p.x, p.y)[0]);
    this.baseY = Float32Array.from(points, (p) => toBase(p.x, p.y)[1]);
    this.centroids = new Map((this.data?.topics ?? []).map((t) => [t.id, toBase(t.centroid[0], t.centroid[1])]));
    this.buildIndex();
    this.scheduleDraw();
  }

  private buildIndex(): void {
    const visible: number[] = [];
    this.data?.points.forEach((p, i) => {
      if (!this.hidden.has(p.topic)) visible.push(i);
    });
    this.index = quadtree<number>()
      .x((i) => this.baseX[i])
      .y((i) => this.baseY[i])
      .addAll(visible);
  }

  /**
   * Draws on the next frame. Until then the canvas is `aria-busy`: it shows the previous state, which assistive
   * technology (and a test reading the canvas) should not take for the current one.
   */
  private scheduleDraw(): void {
    if (this.frame) return;
    this.canvas.setAttribute('aria-busy', 'true');
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
      this.canvas.removeAttribute('aria-busy');
    });
  }

  private colorOf(colorIndex: number): string {
    return colorIndex >= 0 ? this.palette.topics[colorIndex % this.palette.topics.length] : this.palette.grey;
  }

  private isEmphasised(i: number, topic: number): boolean {
    const { topic: selected, matches } = this.emphasis;
    if (selected !== null && topic !== selected) return false;
    if (matches && !matches[i]) return false;
    return true;
  }

  private draw(): void {
    const ctx = this.context;
    ctx.clearRect(0, 0, this.width, this.height);
    const points = this.data?.points;
    if (!points) return;
    const { x: tx, y: ty, k } = this.transform;
    const anyEmphasis = this.emphasis.topic !== null || this.emphasis.matches !== null;
    const radius = Math.max(1.5, Math.min(6, 2 * Math.sqrt(k))) + (this.palette.highContrast ? 0.5 : 0);
    const squares = points.length > SQUARES_ABOVE;
    // Faded points first, emphasised ones on top; within each pass grey first.
    for (const emphasisedPass of anyEmphasis ? [false, true] : [true]) {
      for (const group of this.groups) {
        const grey = group.colorIndex < 0;
        ctx.fillStyle = this.colorOf(group.colorIndex);
        ctx.globalAlpha = !emphasisedPass ? FADED_ALPHA : grey ? 0.45 : 0.85;
        const r = emphasisedPass && anyEmphasis ? radius + 1 : radius;
        ctx.beginPath();
        for (const i of group.points) {
          const topic = points[i].topic;
          if (this.hidden.has(topic)) continue;
          if (anyEmphasis && this.isEmphasised(i, topic) !== emphasisedPass) continue;
          const sx = tx + k * this.baseX[i];
          const sy = ty + k * this.baseY[i];
          if (sx < -r || sy < -r || sx > this.width + r || sy > this.height + r) continue;
          if (squares) {
            ctx.rect(sx - r, sy - r, 2 * r, 2 * r);
          } else {
            ctx.moveTo(sx + r, sy);
            ctx.arc(sx, sy, r, 0, 2 * Math.PI);
          }
        }
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
    for (const marked of [this.emphasis.point, this.hovered]) {
      if (marked === null || marked < 0 || marked >= points.length) continue;
      ctx.strokeStyle = this.palette.foreground;
      ctx.lineWidth = this.palette.highContrast ? 2 : 1.5;
      ctx.beginPath();
      ctx.arc(tx + k * this.baseX[marked], ty + k * this.baseY[marked], radius + 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
    this.drawLabels();
  }

  private drawLabels(): void {
    const labelled = (this.data?.topics ?? []).filter((t) => t.colorIndex >= 0 && !this.hidden.has(t.id));
    const selected = this.emphasis.topic;
    this.labels
      .selectAll<SVGTextElement, MapTopic>('text')
      .data(labelled, (t) => String(t.id))
      .join((enter) => enter.append('text').attr('class', 'topic-label'))
      .text((t) => t.label)
      .classed('selected', (t) => t.id === selected)
      .classed('faded', (t) => selected !== null && t.id !== selected)
      .attr('x', (t) => this.labelPosition(t.id)[0])
      .attr('y', (t) => this.labelPosition(t.id)[1])
      // Labels near the left or right edge grow inwards instead of being cut off.
      .attr('text-anchor', (t) => {
        const x = this.labelPosition(t.id)[0];
        return x < this.width * 0.2 ? 'start' : x > this.width * 0.8 ? 'end' : 'middle';
      });
  }

  /**
   * Where a topic's label goes: at its centroid, except that a centroid in view but near the top or bottom edge
   * puts the label just inside it (a label whose centroid is out of view stays out of view with it).
   */
  private labelPosition(topic: number): [number, number] {
    const [x, y] = this.transform.apply(this.centroids.get(topic) ?? [0, 0]);
    if (y < 0 || y > this.height) return [x, y];
    return [x, Math.min(Math.max(y, LABEL_TOP_MARGIN), this.height - LABEL_BOTTOM_MARGIN)];
  }

  private hit(event: MouseEvent): number {
    const rect = this.container.getBoundingClientRect();
    const [x, y] = this.transform.invert([event.clientX - rect.left, event.clientY - rect.top]);
    return this.index.find(x, y, HOVER_RADIUS_PX / this.transform.k) ?? -1;
  }

  private onHover(event: MouseEvent): void {
    if (!this.data || event.buttons !== 0) return;
    const hit = this.hit(event);
    this.container.classList.toggle('over-point', hit >= 0);
    if (hit !== this.hovered) {
      this.hovered = hit;
      this.scheduleDraw();
    }
    if (hit < 0) {
      this.tooltip.hidden = true;
      return;
    }
    const point = this.data.points[hit];
    const topic = this.topicOf.get(point.topic);
    this.tooltip.replaceChildren(
      line('tooltip-path', point.path),
      ...(point.heading ? [line('tooltip-heading', point.heading)] : []),
      line('tooltip-topic', topic?.label ?? `Topic ${point.topic}`),
      ...(topic?.title ? [line('tooltip-title', topic.title)] : []),
      ...(this.options.showSnippet && point.snippet ? [line('tooltip-snippet', point.snippet)] : []),
    );
    this.tooltip.hidden = false;
    const rect = this.container.getBoundingClientRect();
    const left = Math.min(event.clientX - rect.left + 14, this.width - this.tooltip.offsetWidth - 4);
    const top = event.clientY - rect.top + 14 + this.tooltip.offsetHeight > this.height ? event.clientY - rect.top - this.tooltip.offsetHeight - 8 : event.clientY - rect.top + 14;
    this.tooltip.style.left = `${Math.max(4, left)}px`;
    this.tooltip.style.top = `${Math.max(4, top)}px`;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
    if (this.hovered >= 0) {
      this.hovered = -1;
      this.scheduleDraw();
    }
  }

  private onClick(event: MouseEvent): void {
    if (event.defaultPrevented) return;
    const hit = this.hit(event);
    if (hit >= 0) this.options.onOpen?.(hit);
    else if (this.emphasis.topic !== null) this.options.onSelectTopic?.(null);
  }
}

function line(className: string, text: string): HTMLDivElement {
  const div = document.createElement('div');
  div.className = className;
  div.textContent = text;
  return div;
}
