import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TopicGroup } from '../../../src/core/hierarchy/granularity';
import { assignTopicColors, FAMILY_COUNT } from '../../../src/core/report/topicColors';

function group(id: number, topics: number[]): TopicGroup {
  return { id, topics, words: [] };
}

describe('assignTopicColors', () => {
  it('gives the first groups distinct families, and a family again only to a group far from its other holder', () => {
    // Twelve groups on a line, one unit apart: more groups than families.
    const groups = Array.from({ length: 12 }, (_, i) => group(100 + i, [i]));
    const anchors = new Map(groups.map((g, i) => [g.id, [i, 0] as const]));
    const sizes = new Map(groups.map((g, i) => [g.id, 100 - i]));
    const { ofGroup } = assignTopicColors(groups, anchors, sizes);
    const families = groups.map((g) => ofGroup.get(g.id)!);
    assert.equal(new Set(families.slice(0, FAMILY_COUNT)).size, FAMILY_COUNT, 'the largest eight have eight families');
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        if (families[i] === families[j]) assert.ok(j - i >= 4, `groups ${i} and ${j} share a family ${j - i} units apart`);
      }
    }
  });

  it('shades the topics of a group apart, the largest in the family colour itself', () => {
    // A single topic is a group with the topic's id; a group of several has the id of its merge.
    const groups = [group(10, [0, 1, 2, 3, 4]), group(5, [5])];
    const sizes = new Map([
      [0, 50],
      [1, 40],
      [2, 30],
      [3, 20],
      [4, 10],
      [5, 60],
      [10, 150],
    ]);
    const { ofGroup, ofTopic } = assignTopicColors(
      groups,
      new Map([
        [10, [0, 0] as const],
        [5, [5, 5] as const],
      ]),
      sizes,
    );
    assert.notEqual(ofGroup.get(10), ofGroup.get(5));
    assert.deepEqual(ofTopic.get(5), { family: ofGroup.get(5), shade: 0 });
    const shades = [0, 1, 2, 3, 4].map((t) => ofTopic.get(t)!);
    assert.ok(shades.every((c) => c.family === ofGroup.get(10)));
    assert.equal(shades[0].shade, 0);
    assert.equal(new Set(shades.map((c) => c.shade)).size, 5);
    assert.ok(shades.every((c) => c.shade >= -1 && c.shade <= 1));
    // Consecutive topics (by size) land well apart in lightness.
    for (let i = 1; i < 5; i++) assert.ok(Math.abs(shades[i].shade - shades[i - 1].shade) > 0.4);
  });
});
