/**
 * The document map, for both hosts: the VS Code webview (`webview/map/`) and the CLI's standalone map.html
 * (`webview/standalone/`). Nothing here knows its host; colours and actions come in from the caller.
 *
 * Points on a canvas (tens of thousands stay smooth: one path per topic colour, culled to the viewport, redrawn at
 * most once per frame); labels in SVG, placed without overlaps at every frame (group labels while zoomed out,
 * topic labels once zoomed in; clicks pass through them to the points below); optional density contours per group
 * in SVG under the points; d3-zoom for zoom and pan; a quadtree for hover, click and lasso hit-testing. The first
 * view frames the bulk of the points (see framing.ts); "Fit" returns to it. All user text goes through textContent
 * or d3 `.text()`.
 */
import { contourDensity, geoPath, quadtree, select, zoom, zoomIdentity, type Quadtree, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { MapData, MapGroup, MapTopic } from '../../src/core/report/mapData';
import type { MapTarget } from '../../src/protocol/map';
import { principalAngle, robustExtent } from './framing';
import { insidePolygon, polygonBounds, type Polygon } from './lasso';
import { placeLabels, type LabelCandidate } from './labelPlacement';
import type { Palette } from './palette';
import { familyColor, topicColor } from './topicColors';

export interface ZoomState {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/** What the host does with the map; all optional, since the standalone page has no editor to talk to. */
export interface ScatterOptions {
  /** A click on a point. */
  onOpen?(point: number): void;
  /** A click on empty space while something is selected (null: clear the selection). */
  onSelect?(target: MapTarget | null): void;
  /** The end of a zoom or pan gesture, for the host to save. */
  onZoom?(zoom: ZoomState): void;
  /** A lasso selection was made (or cleared: an empty list). */
  onLasso?(points: readonly number[]): void;
  /** The contours were switched on or off with the toolbar. */
  onContours?(on: boolean): void;
  /** Adds the point's snippet to the tooltip, where there is no editor to open the file in. */
  showSnippet?: boolean;
}

/** Which points stand out: a selected topic or group, search matches and a lasso selection; the rest is faded. */
export interface Emphasis {
  readonly target: MapTarget | null;
  readonly point: number | null;
  /** 1 = matches the search; null = no search. */
  readonly matches: Uint8Array | null;
}

const PADDING = 16;
/** Above this many points, squares (one rectangle path per colour, several times faster than arcs) stand in for circles. */
const SQUARES_ABOVE = 4000;
const HOVER_RADIUS_PX = 6;
const FADED_ALPHA = 0.12;
/** Topic labels take over from group labels at this zoom (per topics per group), within these bounds. */
const TOPIC_LABEL_ZOOM = { min: 1.6, max: 8 };
/** Density contours: a group needs this many points, and is estimated from at most that many. */
const CONTOUR_MIN_POINTS = 20;
const CONTOUR_SAMPLE = 3000;
const CONTOUR_BANDWIDTH = 14;
const CONTOUR_LEVELS = 4;
/** The lasso records a pointer position only this far from the previous one. */
const LASSO_STEP_PX = 3;

interface LabelItem {
  readonly key: string;
  readonly text: string;
  readonly kind: 'group' | 'topic';
  readonly target: MapTarget;
  /** At zoom 1, in CSS pixels. */
  readonly x: number;
  readonly y: number;
}

export class ScatterView {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly contourLayer: Selection<SVGGElement, unknown, null, undefined>;
  private readonly labels: Selection<SVGGElement, unknown, null, undefined>;
  private readonly lassoPath: Selection<SVGPathElement, unknown, null, undefined>;
  private readonly zoomBehavior: ZoomBehavior<HTMLElement, unknown>;
  private readonly selectButton: HTMLButtonElement;
  private readonly contourButton: HTMLButtonElement;
  private data: MapData | null = null;
  private topicOf = new Map<number, MapTopic>();
  private groupOf = new Map<number, MapGroup>();
  private palette: Palette;
  /** Point positions at zoom 1, in CSS pixels. */
  private baseX = new Float32Array(0);
  private baseY = new Float32Array(0);
  /** Topic slot (index into data.topics) per point; the points ordered by slot, grey (outliers) first. */
  private slotOf = new Int32Array(0);
  private order = new Int32Array(0);
  private slotStart = new Int32Array(1);
  private slotOrder: number[] = [];
  private slotColors: string[] = [];
  private index: Quadtree<number> = quadtree<number>();
  private labelItems: { groups: LabelItem[]; topics: LabelItem[] } = { groups: [], topics: [] };
  private topicLabelZoom = 0;
  /** The layout's principal axis (see framing.ts), once per data. */
  private axisAngle = 0;
  /** Hidden texts styled as the labels, to measure them exactly as they will be drawn. */
  private readonly probes: Record<'group' | 'topic', SVGTextElement>;
  private readonly textWidths = new Map<string, number>();
  private lineHeights: Record<'group' | 'topic', number> | undefined;
  private transform: ZoomTransform = zoomIdentity;
  private hidden: ReadonlySet<number> = new Set();
  private emphasis: Emphasis = { target: null, point: null, matches: null };
  private lassoed: Uint8Array | null = null;
  private lasso: [number, number][] | null = null;
  private selectMode = false;
  private contoursOn = false;
  private contoursStale = true;
  private width = 0;
  private height = 0;
  private frame = 0;
  private hovered = -1;
  private suppressClick = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly tooltip: HTMLElement,
    palette: Palette,
    private readonly options: ScatterOptions = {},
  ) {
    this.palette = palette;
    const contourSvg = select(container).append('svg').attr('class', 'contours').attr('aria-hidden', 'true');
    this.contourLayer = contourSvg.append('g');
    this.canvas = container.appendChild(document.createElement('canvas'));
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Document map: one point per document, coloured by topic');
    this.context = this.canvas.getContext('2d')!;
    const svg = select(container).append('svg').attr('class', 'labels');
    this.labels = svg.append('g');
    const probeSvg = select(container).append('svg').attr('class', 'label-probe').attr('aria-hidden', 'true');
    const probe = (kind: 'group' | 'topic') => probeSvg.append('text').attr('class', `map-label ${kind}-label`).node()!;
    this.probes = { group: probe('group'), topic: probe('topic') };
    this.lassoPath = svg.append('path').attr('class', 'lasso');
    const toolbar = container.appendChild(document.createElement('div'));
    toolbar.className = 'map-toolbar';
    toolbar.append(
      toolButton('Fit', 'Frame the bulk of the points again', () => this.fit()),
      (this.selectButton = toolButton('Select', 'Draw around documents to select them (or Shift+drag)', () => this.setSelectMode(!this.selectMode))),
      (this.contourButton = toolButton('Contours', 'Show where each group of topics is dense', () => this.setContours(!this.contoursOn, true))),
    );
    this.selectButton.setAttribute('aria-pressed', 'false');
    this.contourButton.setAttribute('aria-pressed', 'false');
    this.zoomBehavior = zoom<HTMLElement, unknown>()
      .scaleExtent([0.5, 128])
      // Shift+drag and the Select tool draw a lasso instead of panning; the wheel always zooms.
      .filter(
        (event: MouseEvent & WheelEvent) =>
          (event.type === 'wheel' || (!event.shiftKey && !this.selectMode)) && (!event.ctrlKey || event.type === 'wheel') && !event.button,
      )
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
    container.addEventListener('pointerdown', (event) => this.startLasso(event));
    container.addEventListener('pointermove', (event) => this.extendLasso(event));
    container.addEventListener('pointerup', (event) => this.endLasso(event));
    new ResizeObserver(() => this.layout()).observe(container);
  }

  setData(data: MapData | null): void {
    this.data = data;
    this.topicOf = new Map((data?.topics ?? []).map((t) => [t.id, t]));
    this.groupOf = new Map((data?.groups ?? []).map((g) => [g.id, g]));
    const topics = data?.topics ?? [];
    const slotOfTopic = new Map(topics.map((t, slot) => [t.id, slot]));
    const points = data?.points ?? [];
    this.slotOf = Int32Array.from(points, (p) => slotOfTopic.get(p.topic) ?? 0);
    // Grey first, so coloured points draw on top; then larger topics under smaller ones.
    this.slotOrder = topics
      .map((_, slot) => slot)
      .sort((a, b) => Number(topics[b].colorIndex < 0) - Number(topics[a].colorIndex < 0) || topics[b].count - topics[a].count);
    const rank = new Int32Array(topics.length);
    this.slotOrder.forEach((slot, r) => (rank[slot] = r));
    this.order = Int32Array.from(points.keys()).sort((a, b) => rank[this.slotOf[a]] - rank[this.slotOf[b]]);
    this.slotStart = new Int32Array(topics.length + 1);
    for (const i of this.order) this.slotStart[rank[this.slotOf[i]] + 1]++;
    for (let r = 0; r < topics.length; r++) this.slotStart[r + 1] += this.slotStart[r];
    const grouped = (data?.groups ?? []).filter((g) => g.topics.length > 1).length;
    const clustered = topics.filter((t) => t.id >= 0).length;
    // Groups of about t topics each: topic labels when a group fills about t times the view it did.
    this.topicLabelZoom = grouped === 0 ? 0 : Math.min(TOPIC_LABEL_ZOOM.max, Math.max(TOPIC_LABEL_ZOOM.min, Math.sqrt(clustered / (data?.groups.length ?? 1))));
    this.lassoed = null;
    this.axisAngle = principalAngle(
      points.map((p) => p.x),
      points.map((p) => p.y),
    );
    this.updateColors();
    this.layout();
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    // A theme change can change the font.
    this.lineHeights = undefined;
    this.textWidths.clear();
    this.updateColors();
    this.contoursStale = true;
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

  /** Shows or hides the density contours (`notify`: the user did it, tell the host). */
  setContours(on: boolean, notify = false): void {
    this.contoursOn = on;
    this.contourButton.setAttribute('aria-pressed', String(on));
    if (notify) this.options.onContours?.(on);
    this.scheduleDraw();
  }

  clearLasso(): void {
    if (!this.lassoed) return;
    this.lassoed = null;
    this.options.onLasso?.([]);
    this.scheduleDraw();
  }

  restoreZoom(saved: ZoomState | null): void {
    if (saved) select(this.container).call(this.zoomBehavior.transform, zoomIdentity.translate(saved.x, saved.y).scale(saved.k));
  }

  /** Back to the first view: the bulk of the points, framed. */
  fit(): void {
    select(this.container).transition().duration(250).call(this.zoomBehavior.transform, zoomIdentity);
  }

  private setSelectMode(on: boolean): void {
    this.selectMode = on;
    this.selectButton.setAttribute('aria-pressed', String(on));
    this.container.classList.toggle('selecting', on);
  }

  private updateColors(): void {
    this.slotColors = (this.data?.topics ?? []).map((t) => topicColor(this.palette, t));
  }

  /**
   * Frames the bulk of the points in the container with one scale for both axes, so distances keep their meaning,
   * turned so that their longest spread lies along the container's longer side.
   */
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
    const turn = -this.axisAngle + (this.height > this.width ? Math.PI / 2 : 0);
    const [cos, sin] = [Math.cos(turn), Math.sin(turn)];
    const turned = ([x, y]: readonly [number, number]): [number, number] => [cos * x - sin * y, sin * x + cos * y];
    const extent = robustExtent(
      points.map((p) => turned([p.x, p.y])[0]),
      points.map((p) => turned([p.x, p.y])[1]),
    );
    const spanX = Math.max(extent.maxX - extent.minX, 1e-9);
    const spanY = Math.max(extent.maxY - extent.minY, 1e-9);
    const scale = Math.max(0, Math.min((this.width - 2 * PADDING) / spanX, (this.height - 2 * PADDING) / spanY));
    const offsetX = (this.width - scale * spanX) / 2;
    const offsetY = (this.height - scale * spanY) / 2;
    // Screen y grows downwards; flip so the map reads like a plot.
    const toBase = (point: readonly [number, number]): [number, number] => {
      const [x, y] = turned(point);
      return [offsetX + (x - extent.minX) * scale, this.height - offsetY - (y - extent.minY) * scale];
    };
    this.baseX = Float32Array.from(points, (p) => toBase([p.x, p.y])[0]);
    this.baseY = Float32Array.from(points, (p) => toBase([p.x, p.y])[1]);
    const item = (kind: 'group' | 'topic', id: number, text: string, anchor: readonly [number, number]): LabelItem => {
      const [x, y] = toBase(anchor);
      return { key: `${kind}:${id}`, text, kind, target: { kind, id }, x, y };
    };
    const bySize = <T extends { count: number; id: number }>(a: T, b: T) => b.count - a.count || a.id - b.id;
    this.labelItems = {
      // A group of one topic is labelled as that topic.
      groups: [...(this.data?.groups ?? [])]
        .sort(bySize)
        .map((g) =>
          g.topics.length === 1
            ? item('topic', g.topics[0], this.topicOf.get(g.topics[0])?.label ?? g.label, g.anchor)
            : item('group', g.id, g.label, g.anchor),
        ),
      topics: [...(this.data?.topics ?? [])]
        .filter((t) => t.id >= 0)
        .sort(bySize)
        .map((t) => item('topic', t.id, t.label, t.anchor)),
    };
    this.contoursStale = true;
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

  /** The topics the selection stands for (null: no selection). */
  private selectedTopics(): ReadonlySet<number> | null {
    const { target } = this.emphasis;
    if (!target) return null;
    if (target.kind === 'topic') return new Set([target.id]);
    return new Set(this.groupOf.get(target.id)?.topics ?? []);
  }

  private draw(): void {
    const ctx = this.context;
    ctx.clearRect(0, 0, this.width, this.height);
    const points = this.data?.points;
    if (!points) return;
    const topics = this.data!.topics;
    const { x: tx, y: ty, k } = this.transform;
    const selected = this.selectedTopics();
    const { matches } = this.emphasis;
    const lassoed = this.lassoed;
    const anyEmphasis = selected !== null || matches !== null || lassoed !== null;
    const radius = Math.max(1.5, Math.min(6, 2 * Math.sqrt(k))) + (this.palette.highContrast ? 0.5 : 0);
    const squares = points.length > SQUARES_ABOVE;
    const { baseX, baseY, order, slotStart } = this;
    // Faded points first, emphasised ones on top; within each pass grey first.
    for (const emphasisedPass of anyEmphasis ? [false, true] : [true]) {
      const r = emphasisedPass && anyEmphasis ? radius + 1 : radius;
      this.slotOrder.forEach((slot, rank) => {
        const topic = topics[slot];
        if (this.hidden.has(topic.id)) return;
        const inSelection = selected === null || selected.has(topic.id);
        if (anyEmphasis && !inSelection && emphasisedPass && matches === null && lassoed === null) return;
        ctx.fillStyle = this.slotColors[slot];
        ctx.globalAlpha = !emphasisedPass ? FADED_ALPHA : topic.colorIndex < 0 ? 0.45 : 0.85;
        ctx.beginPath();
        for (let at = slotStart[rank]; at < slotStart[rank + 1]; at++) {
          const i = order[at];
          if (anyEmphasis && (inSelection && (matches === null || matches[i] === 1) && (lassoed === null || lassoed[i] === 1)) !== emphasisedPass) continue;
          const sx = tx + k * baseX[i];
          const sy = ty + k * baseY[i];
          if (sx < -r || sy < -r || sx > this.width + r || sy > this.height + r) continue;
          if (squares) {
            ctx.rect(sx - r, sy - r, 2 * r, 2 * r);
          } else {
            ctx.moveTo(sx + r, sy);
            ctx.arc(sx, sy, r, 0, 2 * Math.PI);
          }
        }
        ctx.fill();
      });
    }
    ctx.globalAlpha = 1;
    for (const marked of [this.emphasis.point, this.hovered]) {
      if (marked === null || marked < 0 || marked >= points.length) continue;
      ctx.strokeStyle = this.palette.foreground;
      ctx.lineWidth = this.palette.highContrast ? 2 : 1.5;
      ctx.beginPath();
      ctx.arc(tx + k * baseX[marked], ty + k * baseY[marked], radius + 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
    this.drawContours();
    this.drawLabels(selected);
  }

  /** Which labels the current zoom shows: group labels while zoomed out, topic labels once zoomed in. */
  get labelLevel(): 'group' | 'topic' {
    return this.transform.k >= this.topicLabelZoom ? 'topic' : 'group';
  }

  private drawLabels(selected: ReadonlySet<number> | null): void {
    const heights = (this.lineHeights ??= { group: this.lineHeight('group'), topic: this.lineHeight('topic') });
    const items = this.labelLevel === 'topic' ? this.labelItems.topics : this.labelItems.groups;
    const target = this.emphasis.target;
    const visible = items.filter((item) => {
      const topics = item.kind === 'topic' ? [item.target.id] : (this.groupOf.get(item.target.id)?.topics ?? []);
      return topics.some((t) => !this.hidden.has(t));
    });
    // The selected topic or group is labelled first; then larger before smaller.
    const isTarget = (item: LabelItem) => target !== null && item.target.kind === target.kind && item.target.id === target.id;
    visible.sort((a, b) => Number(isTarget(b)) - Number(isTarget(a)));
    this.measureTextWidths(visible);
    const candidates: LabelCandidate[] = visible.map((item) => {
      const [x, y] = this.transform.apply([item.x, item.y]);
      return { key: item.key, x, y, width: this.textWidths.get(textWidthKey(item))!, height: heights[item.kind] };
    });
    const placed = placeLabels(candidates, { width: this.width, height: this.height });
    const itemOf = new Map(visible.map((item) => [item.key, item]));
    this.labels
      .selectAll<SVGTextElement, (typeof placed)[number]>('text')
      .data(placed, (p) => p.key)
      .join('text')
      .attr('class', (p) => `map-label ${itemOf.get(p.key)!.kind}-label`)
      .text((p) => itemOf.get(p.key)!.text)
      .classed('selected', (p) => isTarget(itemOf.get(p.key)!))
      .classed('faded', (p) => {
        const item = itemOf.get(p.key)!;
        if (selected === null) return false;
        const topics = item.kind === 'topic' ? [item.target.id] : (this.groupOf.get(item.target.id)?.topics ?? []);
        return !topics.some((t) => selected.has(t));
      })
      .attr('x', (p) => p.x)
      .attr('y', (p) => p.y)
      .attr('text-anchor', (p) => p.textAnchor);
  }

  private lineHeight(kind: 'group' | 'topic'): number {
    const probe = this.probes[kind];
    probe.textContent = 'Xg';
    return probe.getBBox().height || 16;
  }

  /**
   * Measures the labels not measured yet, all at once: every text is in the document before the first width is read,
   * so the browser lays out once rather than once per label (400 topic labels cost a long frame at the first zoom).
   */
  private measureTextWidths(items: readonly LabelItem[]): void {
    const missing = items.filter((item) => !this.textWidths.has(textWidthKey(item)));
    if (missing.length === 0) return;
    const texts = missing.map((item) => {
      const probe = this.probes[item.kind];
      const text = probe.parentNode!.appendChild(probe.cloneNode() as SVGTextElement);
      text.textContent = item.text;
      return text;
    });
    missing.forEach((item, i) => this.textWidths.set(textWidthKey(item), texts[i].getComputedTextLength()));
    for (const text of texts) text.remove();
  }

  /** Density contours of each group, estimated once per layout and moved with the zoom. */
  private drawContours(): void {
    this.contourLayer.attr('display', this.contoursOn ? null : 'none');
    if (!this.contoursOn) return;
    if (this.contoursStale) {
      this.contoursStale = false;
      const groups = this.groupContours();
      this.contourLayer
        .selectAll<SVGGElement, (typeof groups)[number]>('g')
        .data(groups)
        .join('g')
        .attr('transform', (g) => `translate(${g.dx},${g.dy})`)
        .attr('stroke', (g) => g.color)
        .selectAll<SVGPathElement, string>('path')
        .data((g) => g.paths)
        .join('path')
        .attr('d', (d) => d);
    }
    const { x, y, k } = this.transform;
    this.contourLayer.attr('transform', `translate(${x},${y}) scale(${k})`);
  }

  /** Per group of enough points: its density contours, in a box of its own placed at (dx, dy). */
  private groupContours(): { dx: number; dy: number; color: string; paths: string[] }[] {
    const data = this.data;
    if (!data) return [];
    const pointsOfTopic = new Map<number, number[]>();
    data.points.forEach((p, i) => {
      const list = pointsOfTopic.get(p.topic);
      if (list) list.push(i);
      else pointsOfTopic.set(p.topic, [i]);
    });
    const path = geoPath();
    const out: { dx: number; dy: number; color: string; paths: string[] }[] = [];
    for (const group of data.groups) {
      const members = group.topics.flatMap((t) => pointsOfTopic.get(t) ?? []);
      if (members.length < CONTOUR_MIN_POINTS) continue;
      const stride = Math.max(1, members.length / CONTOUR_SAMPLE);
      const sample: number[] = [];
      for (let at = 0; at < members.length; at += stride) sample.push(members[Math.floor(at)]);
      // Only the group's own box is estimated, with room for the kernel around it.
      let x0 = Infinity,
        y0 = Infinity,
        x1 = -Infinity,
        y1 = -Infinity;
      for (const i of sample) {
        x0 = Math.min(x0, this.baseX[i]);
        x1 = Math.max(x1, this.baseX[i]);
        y0 = Math.min(y0, this.baseY[i]);
        y1 = Math.max(y1, this.baseY[i]);
      }
      const pad = 3 * CONTOUR_BANDWIDTH;
      const contours = contourDensity<number>()
        .x((i) => this.baseX[i] - x0 + pad)
        .y((i) => this.baseY[i] - y0 + pad)
        .size([Math.ceil(x1 - x0 + 2 * pad), Math.ceil(y1 - y0 + 2 * pad)])
        .bandwidth(CONTOUR_BANDWIDTH)
        .thresholds(CONTOUR_LEVELS)(sample);
      const paths = contours.map((contour) => path(contour)).filter((d): d is string => d !== null && d !== '');
      out.push({ dx: x0 - pad, dy: y0 - pad, color: familyColor(this.palette, group.colorIndex), paths });
    }
    return out;
  }

  private hit(event: MouseEvent): number {
    const rect = this.container.getBoundingClientRect();
    const [x, y] = this.transform.invert([event.clientX - rect.left, event.clientY - rect.top]);
    return this.index.find(x, y, HOVER_RADIUS_PX / this.transform.k) ?? -1;
  }

  private onHover(event: MouseEvent): void {
    if (!this.data || event.buttons !== 0 || this.lasso) return;
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
    const group = topic?.group !== null && topic?.group !== undefined ? this.groupOf.get(topic.group) : undefined;
    this.tooltip.replaceChildren(
      line('tooltip-path', point.path),
      ...(point.heading ? [line('tooltip-heading', point.heading)] : []),
      line('tooltip-topic', topic?.label ?? `Topic ${point.topic}`),
      ...(topic?.title ? [line('tooltip-title', topic.title)] : []),
      ...(group && group.topics.length > 1 ? [line('tooltip-group', `in ${group.label}`)] : []),
      ...(this.options.showSnippet && point.snippet ? [line('tooltip-snippet', point.snippet)] : []),
    );
    this.tooltip.hidden = false;
    const rect = this.container.getBoundingClientRect();
    const left = Math.min(event.clientX - rect.left + 14, this.width - this.tooltip.offsetWidth - 4);
    const top =
      event.clientY - rect.top + 14 + this.tooltip.offsetHeight > this.height
        ? event.clientY - rect.top - this.tooltip.offsetHeight - 8
        : event.clientY - rect.top + 14;
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
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    const hit = this.hit(event);
    if (hit >= 0) this.options.onOpen?.(hit);
    else if (this.lassoed) this.clearLasso();
    else if (this.emphasis.target !== null) this.options.onSelect?.(null);
  }

  private startLasso(event: PointerEvent): void {
    if (event.button !== 0 || !(event.shiftKey || this.selectMode) || !this.data) return;
    const rect = this.container.getBoundingClientRect();
    this.lasso = [[event.clientX - rect.left, event.clientY - rect.top]];
    this.container.setPointerCapture(event.pointerId);
    this.hideTooltip();
    event.preventDefault();
  }

  private extendLasso(event: PointerEvent): void {
    if (!this.lasso) return;
    const rect = this.container.getBoundingClientRect();
    const next: [number, number] = [event.clientX - rect.left, event.clientY - rect.top];
    const last = this.lasso[this.lasso.length - 1];
    if (Math.hypot(next[0] - last[0], next[1] - last[1]) < LASSO_STEP_PX) return;
    this.lasso.push(next);
    this.lassoPath.attr('d', `M${this.lasso.map(([x, y]) => `${x},${y}`).join('L')}Z`);
  }

  private endLasso(event: PointerEvent): void {
    const polygon = this.lasso;
    if (!polygon) return;
    this.lasso = null;
    this.lassoPath.attr('d', null);
    if (this.container.hasPointerCapture(event.pointerId)) this.container.releasePointerCapture(event.pointerId);
    // A click without a drag is a click; a drawn shape selects what it encloses.
    if (polygon.length < 3) return;
    this.suppressClick = true;
    const selected = this.pointsInside(polygon.map(([x, y]) => this.transform.invert([x, y])));
    this.lassoed = new Uint8Array(this.data?.points.length ?? 0);
    for (const i of selected) this.lassoed[i] = 1;
    if (selected.length === 0) this.lassoed = null;
    this.options.onLasso?.(selected);
    this.scheduleDraw();
  }

  /** Visible points inside a polygon given at zoom 1, in document order. */
  private pointsInside(polygon: Polygon): number[] {
    const { minX, minY, maxX, maxY } = polygonBounds(polygon);
    const inside: number[] = [];
    this.index.visit((node, x0, y0, x1, y1) => {
      if (x0 > maxX || y0 > maxY || x1 < minX || y1 < minY) return true;
      if (!('length' in node)) {
        for (let leaf: typeof node | undefined = node; leaf; leaf = leaf.next) {
          const i = leaf.data;
          if (insidePolygon(this.baseX[i], this.baseY[i], polygon)) inside.push(i);
        }
      }
      return false;
    });
    return inside.sort((a, b) => a - b);
  }
}

/** The cache key of a label's width: its level's font and its text. */
function textWidthKey(item: LabelItem): string {
  return `${item.kind}\n${item.text}`;
}

function line(className: string, text: string): HTMLDivElement {
  const div = document.createElement('div');
  div.className = className;
  div.textContent = text;
  return div;
}

function toolButton(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.className = 'map-tool';
  button.textContent = label;
  button.title = title;
  // A click on the toolbar is not a click on the map.
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    onClick();
  });
  for (const type of ['pointerdown', 'mousedown', 'dblclick']) button.addEventListener(type, (event) => event.stopPropagation());
  return button;
}
