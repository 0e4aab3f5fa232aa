import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildMapData } from '../../../src/core/report/mapData';
import { titledResult } from './titledResult';

test('buildMapData gives each topic its label and readable title, none to the outliers, and no point to set-aside documents', () => {
  const data = buildMapData(titledResult(), 1, new Map([[1, 'Kitchen']]));
  assert.deepEqual(
    data.topics.map((t) => [t.id, t.label, t.title, t.colorIndex]),
    [
      [-1, 'Unassigned (-1)', null, -1],
      [0, '0: install_npm', 'Installing, with npm', 0],
      [1, '1: Kitchen', null, -1],
    ],
  );
  assert.deepEqual(data.points.map((p) => p.path), ['a.md', 'b.md', 'd.md']);
  assert.deepEqual(data.topics.find((t) => t.id === 1)?.centroid, [4, 6]);
  assert.equal(data.title, '/ws');
});
