/** What a document map needs, computed once from a result: shared by the standalone map.html and the webview. */
import { cutHierarchy, defaultGroupCount, type TopicGroup } from '../hierarchy/granularity';
import { groupLabel, SET_ASIDE_TOPIC, sourceLabel, topicLabel, type TopicInfo, type TopicLensResult, type TopicWord } from '../result';
import { assignTopicColors, type TopicColors } from './topicColors';

export interface MapTopic {
  readonly id: number;
  /** "N: w1_w2_w3" (or the custom label). */
  readonly label: string;
  /** The topic's readable title (from its headings or words), when the result has one. */
  readonly title: string | null;
  readonly count: number;
  /** The group it is shown in (`MapGroup.id`); null for the outliers. */
  readonly group: number | null;
  /** Colour family (palette index), or -1 for grey (the outliers). */
  readonly colorIndex: number;
  /** Lightness offset within the family, −1 … 1 (0 = the family colour itself). */
  readonly shade: number;
  /** Where its label goes: a member near the middle of its points (a centroid can fall beside a curved cluster). */
  readonly anchor: readonly [number, number];
  readonly words: readonly TopicWord[];
}

/** A group of topics at the current granularity (a cluster of the topic hierarchy); every topic is in one. */
export interface MapGroup {
  readonly id: number;
  readonly label: string;
  readonly count: number;
  readonly topics: readonly number[];
  readonly colorIndex: number;
  readonly anchor: readonly [number, number];
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
  /** Largest first. As many as topics when the topics are not grouped. */
  readonly groups: readonly MapGroup[];
}

/** The topics of a result in groups at one granularity, coloured and placed: what the tree and the map share. */
export interface ResultGrouping {
  /** Largest first (by number of topics). */
  readonly groups: readonly TopicGroup[];
  readonly colors: TopicColors;
  /** Label anchors of every topic (outliers included) and every group. */
  readonly topicAnchors: ReadonlyMap<number, readonly [number, number]>;
  readonly groupAnchors: ReadonlyMap<number, readonly [number, number]>;
  /** Documents per topic and per group id. */
  readonly sizes: ReadonlyMap<number, number>;
}

/** Members whose medoid is searched: enough to find the middle of a cluster, few enough for hundreds of topics. */
const ANCHOR_SAMPLE = 200;

/** The member of (an even sample of) `members` with the least summed distance to the others. */
export function medoid(xs: ArrayLike<number>, ys: ArrayLike<number>, members: ArrayLike<number>): [number, number] {
  if (members.length === 0) return [0, 0];
  const stride = Math.max(1, members.length / ANCHOR_SAMPLE);
  const sample: number[] = [];
  for (let k = 0; k < members.length && sample.length < ANCHOR_SAMPLE; k += stride) sample.push(members[Math.floor(k)]);
  let best = sample[0];
  let least = Infinity;
  for (const i of sample) {
    let sum = 0;
    for (const j of sample) sum += Math.hypot(xs[i] - xs[j], ys[i] - ys[j]);
    if (sum < least) {
      least = sum;
      best = i;
    }
  }
  return [xs[best], ys[best]];
}

/** Where the documents of a result lie: its documents' columns (a packed result's are these arrays). */
export interface DocumentPlaces {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly topic: ArrayLike<number>;
}

/** The topics of `result` cut into `groupCount` groups (default: as many as a tree shows first). */
export function groupResultTopics(result: TopicLensResult, groupCount?: number): ResultGrouping {
  const places = {
    x: Float64Array.from(result.documents, (d) => d.x),
    y: Float64Array.from(result.documents, (d) => d.y),
    topic: Int32Array.from(result.documents, (d) => d.topic),
  };
  return groupTopics(result, places, groupCount);
}

/** `groupResultTopics` over a result's topics, hierarchy and document columns (a packed result needs no objects). */
export function groupTopics(meta: Pick<TopicLensResult, 'topics' | 'hierarchy'>, places: DocumentPlaces, groupCount?: number): ResultGrouping {
  const { x: xs, y: ys } = places;
  const membersOf = new Map<number, number[]>();
  for (let i = 0; i < places.topic.length; i++) {
    const topic = places.topic[i];
    if (topic === SET_ASIDE_TOPIC) continue; // unembeddable documents have no place on the map
    let members = membersOf.get(topic);
    if (!members) membersOf.set(topic, (members = []));
    members.push(i);
  }
  const clustered = meta.topics.filter((t) => t.id >= 0).map((t) => t.id);
  const groups = cutHierarchy(meta.hierarchy, clustered, groupCount ?? defaultGroupCount(clustered.length));
  const sizes = new Map(meta.topics.map((t) => [t.id, t.count]));
  for (const g of groups)
    if (g.topics.length > 1)
      sizes.set(
        g.id,
        g.topics.reduce((sum, t) => sum + (sizes.get(t) ?? 0), 0),
      );
  const topicAnchors = new Map(meta.topics.map((t) => [t.id, medoid(xs, ys, membersOf.get(t.id) ?? [])]));
  const groupAnchors = new Map(
    groups.map((g) => [
      g.id,
      g.topics.length === 1
        ? topicAnchors.get(g.id)!
        : medoid(
            xs,
            ys,
            g.topics.flatMap((t) => membersOf.get(t) ?? []),
          ),
    ]),
  );
  return { groups, colors: assignTopicColors(groups, groupAnchors, sizes), topicAnchors, groupAnchors, sizes };
}

export function buildMapData(
  result: TopicLensResult,
  grouping: ResultGrouping = groupResultTopics(result),
  customLabels?: ReadonlyMap<number, string>,
): MapData {
  const points: MapPoint[] = [];
  for (const doc of result.documents) {
    if (doc.topic === SET_ASIDE_TOPIC) continue; // unembeddable documents have no place on the map
    points.push({
      x: doc.x,
      y: doc.y,
      topic: doc.topic,
      path: doc.path,
      heading: doc.heading,
      startLine: doc.startLine,
      endLine: doc.endLine,
      snippet: doc.snippet,
    });
  }
  return { title: sourceLabel(result.source), points, ...mapTopics(result.topics, grouping, customLabels) };
}

/** The map's topic and group rows: labels, colours and label anchors (what changes without the points changing). */
export function mapTopics(
  resultTopics: readonly TopicInfo[],
  grouping: ResultGrouping,
  customLabels?: ReadonlyMap<number, string>,
): Pick<MapData, 'topics' | 'groups'> {
  const groupOf = new Map(grouping.groups.flatMap((g) => g.topics.map((t) => [t, g.id] as const)));
  const topicsById = new Map(resultTopics.map((t) => [t.id, t]));
  const topics = resultTopics.map((topic): MapTopic => {
    const color = grouping.colors.ofTopic.get(topic.id);
    return {
      id: topic.id,
      label: topicLabel(topic.id, topic.words, customLabels),
      title: topic.id >= 0 ? (topic.title ?? null) : null,
      count: topic.count,
      group: groupOf.get(topic.id) ?? null,
      colorIndex: color?.family ?? -1,
      shade: color?.shade ?? 0,
      anchor: grouping.topicAnchors.get(topic.id) ?? [0, 0],
      words: topic.words,
    };
  });
  const groups = grouping.groups
    .map((g): MapGroup => ({
      id: g.id,
      label: groupLabel(g, topicsById, customLabels),
      count: grouping.sizes.get(g.id) ?? 0,
      topics: g.topics,
      colorIndex: grouping.colors.ofGroup.get(g.id) ?? -1,
      anchor: grouping.groupAnchors.get(g.id) ?? [0, 0],
    }))
    .sort((a, b) => b.count - a.count || a.id - b.id);
  return { topics, groups };
}
