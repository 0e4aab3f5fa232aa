/**
 * The legend: one row per group of topics (largest first; a group of one topic is that topic), then "Unassigned".
 * The checkbox shows or hides a row's points; the name selects the group or topic (and reveals it in the tree).
 * The selected group's topics are listed under it, each in its own shade.
 */
import type { MapData, MapTopic } from '../../src/core/report/mapData';
import type { MapTarget } from '../../src/protocol/map';
import type { Palette } from '../shared/palette';
import { familyColor, topicColor } from '../shared/topicColors';

export interface LegendCallbacks {
  onToggle(topics: readonly number[], visible: boolean): void;
  onSelect(target: MapTarget | null): void;
}

interface LegendRow {
  readonly label: string;
  readonly title: string | null;
  readonly count: number;
  readonly color: string;
  readonly topics: readonly number[];
  readonly target: MapTarget;
  /** A topic listed under its selected group. */
  readonly nested: boolean;
}

function sameTarget(a: MapTarget | null, b: MapTarget | null): boolean {
  return a !== null && b !== null && a.kind === b.kind && a.id === b.id;
}

/** The row of one topic: a group of one, or (`nested`) a member listed under its selected group. */
function topicRow(topic: MapTopic, palette: Palette, nested: boolean): LegendRow {
  return {
    label: topic.label,
    title: topic.title,
    count: topic.count,
    color: topicColor(palette, topic),
    topics: [topic.id],
    target: { kind: 'topic', id: topic.id },
    nested,
  };
}

function legendRows(data: MapData, palette: Palette, selected: MapTarget | null): LegendRow[] {
  const topicsById = new Map(data.topics.map((t) => [t.id, t]));
  const selectedGroup = selected?.kind === 'group' ? selected.id : selected ? topicsById.get(selected.id)?.group : undefined;
  const rows: LegendRow[] = [];
  for (const group of data.groups) {
    if (group.topics.length === 1) {
      rows.push(topicRow(topicsById.get(group.topics[0])!, palette, false));
      continue;
    }
    rows.push({
      label: group.label,
      title: null,
      count: group.count,
      color: familyColor(palette, group.colorIndex),
      topics: group.topics,
      target: { kind: 'group', id: group.id },
      nested: false,
    });
    if (group.id !== selectedGroup) continue;
    const members = group.topics.flatMap((t) => topicsById.get(t) ?? []).sort((a, b) => b.count - a.count);
    for (const topic of members) rows.push(topicRow(topic, palette, true));
  }
  const outliers = topicsById.get(-1);
  if (outliers && outliers.count > 0)
    rows.push({
      label: outliers.label,
      title: null,
      count: outliers.count,
      color: palette.grey,
      topics: [-1],
      target: { kind: 'topic', id: -1 },
      nested: false,
    });
  return rows;
}

export class Legend {
  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: LegendCallbacks,
  ) {}

  render(data: MapData | null, palette: Palette, hidden: ReadonlySet<number>, selected: MapTarget | null): void {
    const rows = data ? legendRows(data, palette, selected) : [];
    this.container.replaceChildren(
      ...rows.map((row) => {
        const item = document.createElement('div');
        item.className = row.nested ? 'legend-row nested' : 'legend-row';
        item.classList.toggle('selected', sameTarget(row.target, selected));
        const checkbox = document.createElement('vscode-checkbox');
        checkbox.checked = row.topics.some((t) => !hidden.has(t));
        checkbox.title = checkbox.checked ? 'Hide these points' : 'Show these points';
        checkbox.addEventListener('change', () => this.callbacks.onToggle(row.topics, checkbox.checked));
        const swatch = document.createElement('span');
        swatch.className = row.target.kind === 'group' ? 'swatch group' : 'swatch';
        swatch.style.backgroundColor = row.color;
        const name = document.createElement('button');
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
        name.title = row.target.kind === 'group' ? `Select this group of ${row.topics.length} topics` : 'Select this topic';
        name.addEventListener('click', () => this.callbacks.onSelect(sameTarget(row.target, selected) ? null : row.target));
        const count = document.createElement('span');
        count.className = 'legend-count';
        count.textContent = String(row.count);
        item.append(checkbox, swatch, name, count);
        return item;
      }),
    );
  }
}
