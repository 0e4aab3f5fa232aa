import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMapData, groupResultTopics, medoid } from '../../../src/core/report/mapData';
import { syntheticResult } from '../../support/syntheticMap';
import { titledResult } from './titledResult';

describe('medoid', () => {
  it('lands on a curved cluster, where its centroid does not', () => {
    // A half ring of radius 1 around the origin: its centroid (0, 0.64) lies off the ring.
    const count = 101;
    const xs = Float64Array.from({ length: count }, (_, i) => Math.cos((Math.PI * i) / (count - 1)));
    const ys = Float64Array.from({ length: count }, (_, i) => Math.sin((Math.PI * i) / (count - 1)));
    const [x, y] = medoid(xs, ys, Array.from(xs.keys()));
    assert.ok(Math.abs(Math.hypot(x, y) - 1) < 1e-9, 'the anchor is one of the points');
    assert.ok(Math.abs(x) < 0.1 && y > 0.99, `the middle of the ring, not an end: (${x}, ${y})`);
  });
});

describe('groupResultTopics and buildMapData', () => {
  const result = syntheticResult(3000, 60, { seed: 4 });

  it('puts every topic in one group, coloured in its group’s family, outliers grey, at the requested granularity', () => {
    for (const count of [60, 12, 3]) {
      const grouping = groupResultTopics(result, count);
      assert.equal(grouping.groups.length, count);
      const data = buildMapData(result, grouping);
      assert.deepEqual(
        data.groups.flatMap((g) => g.topics).sort((a, b) => a - b),
        Array.from({ length: 60 }, (_, t) => t),
      );
      for (const group of data.groups) {
        for (const t of group.topics) {
          const topic = data.topics.find((x) => x.id === t)!;
          assert.equal(topic.group, group.id);
          assert.equal(topic.colorIndex, group.colorIndex);
        }
        assert.equal(
          group.count,
          group.topics.reduce((sum, t) => sum + result.topics.find((x) => x.id === t)!.count, 0),
        );
      }
      const outliers = data.topics.find((t) => t.id === -1)!;
      assert.deepEqual([outliers.colorIndex, outliers.group], [-1, null]);
      for (let i = 1; i < data.groups.length; i++) assert.ok(data.groups[i - 1].count >= data.groups[i].count, 'largest first');
    }
  });

  it('labels a group of several topics by its words, a topic alone by its own label, and a renamed group by its name', () => {
    const data = buildMapData(result, groupResultTopics(result, 12), new Map([[result.hierarchy!.merges.at(-1)!.id, 'Everything']]));
    const several = data.groups.find((g) => g.topics.length > 1)!;
    const merge = result.hierarchy!.merges.find((m) => m.id === several.id)!;
    assert.equal(
      several.label,
      merge.words
        .slice(0, 3)
        .map((w) => w.word)
        .join(' · '),
    );
    const single = data.groups.find((g) => g.topics.length === 1);
    if (single) assert.equal(single.label, data.topics.find((t) => t.id === single.topics[0])!.label);
    assert.equal(
      buildMapData(result, groupResultTopics(result, 1), new Map([[result.hierarchy!.merges.at(-1)!.id, 'Everything']])).groups[0].label,
      'Everything',
    );
  });

  it('gives each topic its label and readable title, none to the outliers, and no point to set-aside documents', () => {
    const data = buildMapData(titledResult(), undefined, new Map([[1, 'Kitchen']]));
    assert.deepEqual(
      data.topics.map((t) => [t.id, t.label, t.title]),
      [
        [-1, 'Unassigned (-1)', null],
        [0, '0: install_npm', 'Installing, with npm'],
        [1, '1: Kitchen', null],
      ],
    );
    assert.deepEqual(
      data.points.map((p) => p.path),
      ['a.md', 'b.md', 'd.md'],
    );
    assert.deepEqual(data.topics.find((t) => t.id === 1)?.anchor, [4, 6]);
    assert.equal(data.title, '/ws');
  });
});
