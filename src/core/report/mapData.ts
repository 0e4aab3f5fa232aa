/** What a document map needs, computed once from a result: shared by the standalone map.html and the webview. */
import { SET_ASIDE_TOPIC, sourceLabel, topicLabel, type TopicInfo, type TopicLensResult } from '../result';

export interface MapTopic {
  readonly id: number;
  /** "N: w1_w2_w3" (or the custom label). */
  readonly label: string;
  /** The topic's readable title (from its headings or words), when the result has one. */
  readonly title: string | null;
  readonly count: number;
  /** Index into the palette, or -1 for grey (outliers and topics beyond the top N). */
  readonly colorIndex: number;
  readonly centroid: readonly [number, number];
  readonly words: readonly { readonly word: string; readonly score: number }[];
}

export interface MapPoint {
  readonly x: number;
  readonly y: number;
  readonly topic: number;
  readonly path: string;
  readonly heading: string | null;
  readonly startLine: number;
  readonly endLine: number;
  readonly snippet: string;
}

export interface MapData {
  readonly title: string;
  readonly points: readonly MapPoint[];
  readonly topics: readonly MapTopic[];
}

export function buildMapData(result: TopicLensResult, topN: number, customLabels?: ReadonlyMap<number, string>): MapData {
  const points: MapPoint[] = [];
  for (const doc of result.documents) {
    if (doc.topic === SET_ASIDE_TOPIC) continue; // unembeddable documents have no place on the map
    points.push({ x: doc.x, y: doc.y, topic: doc.topic, path: doc.path, heading: doc.heading, startLine: doc.startLine, endLine: doc.endLine, snippet: doc.snippet });
  }
  const topics = mapTopics(result.topics, { count: points.length, x: (i) => points[i].x, y: (i) => points[i].y, topic: (i) => points[i].topic }, topN, customLabels);
  return { title: sourceLabel(result.source), points, topics };
}

/** What the topics' centroids are computed from: the map's points. */
export interface PointPlaces {
  readonly count: number;
  x(i: number): number;
  y(i: number): number;
  topic(i: number): number;
}

/** The map's topic rows: labels, colours (the top N topics) and centroids of their points. */
export function mapTopics(topics: readonly TopicInfo[], points: PointPlaces, topN: number, customLabels?: ReadonlyMap<number, string>): MapTopic[] {
  const sums = new Map<number, { x: number; y: number; n: number }>();
  for (let i = 0; i < points.count; i++) {
    const topic = points.topic(i);
    const sum = sums.get(topic) ?? { x: 0, y: 0, n: 0 };
    sum.x += points.x(i);
    sum.y += points.y(i);
    sum.n += 1;
    sums.set(topic, sum);
  }
  return topics.map((topic): MapTopic => {
    const sum = sums.get(topic.id);
    return {
      id: topic.id,
      label: topicLabel(topic.id, topic.words, customLabels),
      title: topic.id >= 0 ? (topic.title ?? null) : null,
      count: topic.count,
      colorIndex: topic.id >= 0 && topic.id < topN ? topic.id : -1,
      centroid: sum && sum.n > 0 ? [sum.x / sum.n, sum.y / sum.n] : [0, 0],
      words: topic.words,
    };
  });
}
