/**
 * Top words per topic as small horizontal bar charts: BERTopic's `visualize_barchart` (5 words, each topic on its
 * own scale), for the topics of the selected group (or the selected topic's group), else for the largest topics.
 */
import { max, scaleBand, scaleLinear, select } from 'd3';
import type { MapData } from '../../src/core/report/mapData';
import type { MapTarget } from '../../src/protocol/map';
import type { Palette } from '../shared/palette';
import { topicColor } from '../shared/topicColors';

const WORDS = 5;
/** Charts shown when nothing is selected. */
const LARGEST = 12;
const WIDTH = 260;
const BAR_HEIGHT = 20;
const MARGIN = { top: 4, right: 16, bottom: 22, left: 96 };

export function renderBarCharts(
  container: HTMLElement,
  data: MapData | null,
  palette: Palette,
  selected: MapTarget | null,
  onSelectTopic: (topic: number) => void,
): void {
  const clustered = (data?.topics ?? []).filter((t) => t.id >= 0).sort((a, b) => b.count - a.count);
  const groupId = selected?.kind === 'group' ? selected.id : selected ? clustered.find((t) => t.id === selected.id)?.group : undefined;
  const group = data?.groups.find((g) => g.id === groupId);
  const topics = group ? clustered.filter((t) => group.topics.includes(t.id)) : clustered.slice(0, LARGEST);
  const root = select(container);
  root.selectAll('*').remove();
  if (topics.length > 0) {
    root
      .append('p')
      .attr('class', 'charts-caption')
      .text(
        group && group.topics.length > 1
          ? `The ${topics.length} topics of “${group.label}”`
          : `The ${topics.length} largest topics (select a group to see its topics)`,
      );
  }
  if (topics.length === 0) {
    root.append('p').attr('class', 'empty').text('No topics to chart.');
    return;
  }
  for (const topic of topics) {
    const words = topic.words.slice(0, WORDS);
    const card = root.append('div').attr('class', 'chart-card');
    card
      .append('button')
      .attr('class', 'chart-title')
      .attr('title', 'Select this topic')
      .text(topic.label)
      .on('click', () => onSelectTopic(topic.id));
    const height = MARGIN.top + MARGIN.bottom + BAR_HEIGHT * Math.max(1, words.length);
    const svg = card.append('svg').attr('width', WIDTH).attr('height', height).attr('role', 'img').attr('aria-label', `Top words of ${topic.label}`);
    const x = scaleLinear()
      .domain([0, max(words, (w) => w.score) ?? 1])
      .nice()
      .range([MARGIN.left, WIDTH - MARGIN.right]);
    const y = scaleBand<number>()
      .domain(words.map((_, i) => i))
      .range([MARGIN.top, height - MARGIN.bottom])
      .padding(0.2);
    const color = topicColor(palette, topic);
    svg
      .append('g')
      .selectAll('rect')
      .data(words)
      .join('rect')
      .attr('x', x(0))
      .attr('y', (_, i) => y(i)!)
      .attr('width', (w) => Math.max(0, x(w.score) - x(0)))
      .attr('height', y.bandwidth())
      .attr('fill', color)
      .append('title')
      .text((w) => `${w.word}: ${w.score.toFixed(4)}`);
    svg
      .append('g')
      .selectAll('text')
      .data(words)
      .join('text')
      .attr('class', 'chart-word')
      .attr('x', MARGIN.left - 6)
      .attr('y', (_, i) => y(i)! + y.bandwidth() / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text((w) => (w.word.length > 14 ? `${w.word.slice(0, 13)}…` : w.word));
    const ticks = x.ticks(3);
    const axis = svg.append('g').attr('class', 'chart-axis');
    axis
      .selectAll('text')
      .data(ticks)
      .join('text')
      .attr('x', (t) => x(t))
      .attr('y', height - 6)
      .attr('text-anchor', 'middle')
      .text(x.tickFormat(3));
    axis
      .append('line')
      .attr('x1', x(0))
      .attr('x2', WIDTH - MARGIN.right)
      .attr('y1', height - MARGIN.bottom + 1)
      .attr('y2', height - MARGIN.bottom + 1);
  }
}
