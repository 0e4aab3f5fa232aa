/**
 * Colours for hundreds of topics that stay tellable apart: each group of topics gets a colour family (a hue from a
 * short colour-blind-safe palette), each topic a shade of its group's family, outliers grey. Families are handed
 * out so that groups sharing one lie far apart on the map. The palette itself belongs to the host (theme colours in
 * the editor, a fixed set in map.html): this decides only which family and which shade.
 */
import type { TopicGroup } from '../hierarchy/granularity';

/** Colour families: the theme colours topicLens.topic1 … topicLens.topic8. */
export const FAMILY_COUNT = 8;

export interface TopicColor {
  /** Palette family, 0 … FAMILY_COUNT − 1. */
  readonly family: number;
  /** Lightness offset within the family, −1 … 1 (0 = the family colour itself). */
  readonly shade: number;
}

export interface TopicColors {
  readonly ofGroup: ReadonlyMap<number, number>;
  readonly ofTopic: ReadonlyMap<number, TopicColor>;
}

/** The golden ratio's fraction: successive shades land far from all earlier ones. */
const SHADE_STEP = 0.6180339887;

/**
 * `anchors` place each group on the map (where its label goes); `sizes` are document counts per group id and per
 * topic id. Larger groups choose first; a group takes the family whose nearest holder is farthest away (a family
 * nobody holds yet first, lowest index on ties).
 */
export function assignTopicColors(
  groups: readonly TopicGroup[],
  anchors: ReadonlyMap<number, readonly [number, number]>,
  sizes: ReadonlyMap<number, number>,
): TopicColors {
  const holders: (readonly [number, number])[][] = Array.from({ length: FAMILY_COUNT }, () => []);
  const ofGroup = new Map<number, number>();
  const ofTopic = new Map<number, TopicColor>();
  const bySize = [...groups].sort((a, b) => (sizes.get(b.id) ?? 0) - (sizes.get(a.id) ?? 0) || a.id - b.id);
  for (const group of bySize) {
    const at = anchors.get(group.id) ?? [0, 0];
    let family = 0;
    let farthest = -1;
    holders.forEach((held, f) => {
      const nearest = held.length === 0 ? Infinity : Math.min(...held.map(([x, y]) => Math.hypot(x - at[0], y - at[1])));
      if (nearest > farthest) {
        farthest = nearest;
        family = f;
      }
    });
    holders[family].push(at);
    ofGroup.set(group.id, family);
    // Larger topics first: the largest gets the family colour itself, the next ones shades spread over the range.
    const topics = [...group.topics].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0) || a - b);
    topics.forEach((topic, j) => ofTopic.set(topic, { family, shade: topics.length === 1 ? 0 : ((0.5 + j * SHADE_STEP) % 1) * 2 - 1 }));
  }
  return { ofGroup, ofTopic };
}
