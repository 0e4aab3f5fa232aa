/**
 * The legend: one row per coloured topic, then "Other topics" and "Unassigned" in grey. The checkbox shows or
 * hides a row's points; the name selects the topic (and reveals it in the tree).
 */
import type { MapData } from '../../src/core/report/mapData';
import type { Palette } from '../shared/palette';

export interface LegendCallbacks {
  onToggle(topics: readonly number[], visible: boolean): void;
  onSelectTopic(topic: number | null): void;
}

interface LegendRow {
  readonly label: string;
  readonly title: string | null;
  readonly count: number;
  readonly colorIndex: number;
  readonly topics: readonly number[];
  /** The topic the name selects; null for the "Other topics" group. */
  readonly selects: number | null;
}

function legendRows(data: MapData): LegendRow[] {
  const rows: LegendRow[] = data.topics
    .filter((t) => t.colorIndex >= 0)
    .sort((a, b) => a.colorIndex - b.colorIndex)
    .map((t) => ({ label: t.label, title: t.title, count: t.count, colorIndex: t.colorIndex, topics: [t.id], selects: t.id }));
  const others = data.topics.filter((t) => t.colorIndex < 0 && t.id >= 0);
  if (others.length > 0) {
    rows.push({
      label: `Other topics (${others.length})`,
      title: null,
      count: others.reduce((sum, t) => sum + t.count, 0),
      colorIndex: -1,
      topics: others.map((t) => t.id),
      selects: null,
    });
  }
  const outliers = data.topics.find((t) => t.id === -1);
  if (outliers && outliers.count > 0) rows.push({ label: outliers.label, title: null, count: outliers.count, colorIndex: -1, topics: [-1], selects: -1 });
  return rows;
}

export class Legend {
  private rows: LegendRow[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: LegendCallbacks,
  ) {}

  render(data: MapData | null, palette: Palette, hidden: ReadonlySet<number>, selected: number | null): void {
    this.rows = data ? legendRows(data) : [];
    this.container.replaceChildren(
      ...this.rows.map((row) => {
        const item = document.createElement('div');
        item.className = 'legend-row';
        item.classList.toggle('selected', row.selects !== null && row.selects === selected);
        const checkbox = document.createElement('vscode-checkbox');
        checkbox.checked = row.topics.some((t) => !hidden.has(t));
        checkbox.title = checkbox.checked ? 'Hide these points' : 'Show these points';
        checkbox.addEventListener('change', () => this.callbacks.onToggle(row.topics, checkbox.checked));
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.backgroundColor = row.colorIndex >= 0 ? palette.topics[row.colorIndex % palette.topics.length] : palette.grey;
        const name = document.createElement(row.selects === null ? 'span' : 'button');
        name.className = 'legend-name';
        const label = document.createElement('span');
        label.className = 'legend-label';
        label.textContent = row.label;
        name.append(label);
        if (row.title) {
          const title = document.createElement('span');
          title.className = 'legend-title';
          title.textContent = row.title;
          name.append(title);
        }
        if (row.selects !== null) {
          const topic = row.selects;
          name.title = 'Select this topic';
          name.addEventListener('click', () => this.callbacks.onSelectTopic(selected === topic ? null : topic));
        }
        const count = document.createElement('span');
        count.className = 'legend-count';
        count.textContent = String(row.count);
        item.append(checkbox, swatch, name, count);
        return item;
      }),
    );
  }
}
