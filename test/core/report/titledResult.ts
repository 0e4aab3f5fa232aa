/** A small result for the report tests: a titled topic, an untitled one (an older result), outliers, a set-aside document. */
import type { TopicLensResult } from '../../../src/core/result';
import { testDocument, testResult, testTopic } from '../../support/results';

export function titledResult(): TopicLensResult {
  return testResult(
    [
      testDocument('a.md', 0, { heading: 'Intro, part 1', startLine: 3, endLine: 9, probability: 0.912345 }),
      testDocument('b.md', -1, { endLine: 4, probability: 0, x: 2, y: 2 }),
      testDocument('c.md', -2, { probability: 0 }),
      testDocument('d.md', 1, { heading: 'Cooking', endLine: 2, x: 4, y: 6 }),
    ],
    [
      testTopic(-1, 1, { title: 'Never shown' }),
      testTopic(0, 1, {
        name: '0_install_npm',
        title: 'Installing, with npm',
        words: [
          { word: 'install', score: 1 },
          { word: 'npm', score: 0.5 },
        ],
        representativeDocs: [0],
      }),
      testTopic(1, 1, { name: '1_soup', words: [{ word: 'soup', score: 1 }], representativeDocs: [3] }),
    ],
  );
}
