/** The map's points from the host's columns (src/protocol/map.ts), and an incremental update applied to them. */
import type { MapPoint } from '../../src/core/report/mapData';
import { stringAt } from '../../src/core/packedStrings';
import type { MapPoints } from '../../src/protocol/map';

export function unpackPoints(points: MapPoints): MapPoint[] {
  return Array.from({ length: points.count }, (_, i) => ({
    x: points.x[i],
    y: points.y[i],
    topic: points.topic[i],
    path: points.paths[points.pathIndex[i]],
    heading: stringAt(points.heading, i),
    startLine: points.startLine[i],
    endLine: points.endLine[i],
    snippet: stringAt(points.snippet, i) ?? '',
  }));
}

/** New point k is old point keep[k], or (keep[k] = -1) the next incoming point. */
export function applyPointDelta(old: readonly MapPoint[], keep: Int32Array, incoming: readonly MapPoint[]): MapPoint[] {
  let next = 0;
  return Array.from(keep, (from) => (from >= 0 ? old[from] : incoming[next++]));
}
