/** A small result for the report tests: a titled topic, an untitled one (an older result), outliers, a set-aside document. */
import type { TopicLensResult } from '../../../src/core/result';
import { resultOf } from '../../support/result';

export function titledResult(): TopicLensResult {
  return resultOf(
    [
      { path: 'a.md', heading: 'Intro, part 1', startLine: 3, endLine: 9, topic: 0, probability: 0.912345, x: 0, y: 0, snippet: '', hash: 'a' },
      { path: 'b.md', heading: null, startLine: 1, endLine: 4, topic: -1, probability: 0, x: 2, y: 2, snippet: '', hash: 'b' },
      { path: 'c.md', heading: null, startLine: 1, endLine: 1, topic: -2, probability: 0, x: 0, y: 0, snippet: '', hash: 'c' },
      { path: 'd.md', heading: 'Cooking', startLine: 1, endLine: 2, topic: 1, probability: 1, x: 4, y: 6, snippet: '', hash: 'd' },
    ],
    [
      { id: -1, count: 1, name: '-1_x', title: 'Never shown', words: [], representativeDocs: [], embedding: [] },
      { id: 0, count: 1, name: '0_install_npm', title: 'Installing, with npm', words: [{ word: 'install', score: 1 }, { word: 'npm', score: 0.5 }], representativeDocs: [0], embedding: [] },
      { id: 1, count: 1, name: '1_soup', words: [{ word: 'soup', score: 1 }], representativeDocs: [3], embedding: [] },
    ],
  );
}
