import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAudit } from '../../../src/core/audit/audit';
import { fileLines } from '../../../src/core/audit/fileLines';
import { DEFAULT_PARAMETERS, OUTLIER_TOPIC } from '../../../src/core/result';
import { testDocument, testResult, testTopic } from '../../support/results';

describe('fileLines', () => {
  it('keeps a file from its first document on, so that far-numbered documents cost their own lines only', () => {
    // Records of one large source are numbered by their place in it.
    const files = new Map(
      fileLines([
        { path: 'big.jsonl#2', startLine: 500_004, endLine: 500_005, text: 'fourth\nfifth' },
        { path: 'big.jsonl#1', startLine: 500_000, endLine: 500_002, text: 'first\nsecond\nthird' },
      ]),
    );
    const file = files.get('big.jsonl#2')!;
    assert.deepEqual(file, { firstLine: 500_004, lines: ['fourth', 'fifth'] });
    assert.deepEqual(files.get('big.jsonl#1'), { firstLine: 500_000, lines: ['first', 'second', 'third'] });
  });

  it('puts sections given in any order back at their lines, the gaps between them empty', () => {
    const files = new Map(
      fileLines([
        { path: 'a.md', startLine: 14, endLine: 15, text: '## Later\nbody' },
        { path: 'a.md', startLine: 10, endLine: 11, text: '# First\ntext' },
      ]),
    );
    assert.deepEqual(files.get('a.md'), { firstLine: 10, lines: ['# First', 'text', '', '', '## Later', 'body'] });
  });
});

describe('links after front matter', () => {
  it('reports a broken link at its line in the file when the first section starts below line 1', async () => {
    // Lines 1–39 are front matter the scan leaves out; the sections start at lines 40 and 44.
    const texts = ['# Guide\n\nIntro text.\nSee [the setup](setup.md).', '## More\n\nSee [nothing](missing.md).'];
    const documents = [
      testDocument('guide.md', OUTLIER_TOPIC, { heading: 'Guide', startLine: 40, endLine: 43, hash: 'h0' }),
      testDocument('guide.md', OUTLIER_TOPIC, { heading: 'More', startLine: 44, endLine: 46, hash: 'h1' }),
      testDocument('setup.md', OUTLIER_TOPIC, { heading: null, startLine: 1, endLine: 1, hash: 'h2' }),
    ];
    const result = testResult(documents, [testTopic(OUTLIER_TOPIC, 3)], { parameters: { ...DEFAULT_PARAMETERS, minTopicSize: 2 } });
    const report = await runAudit({ result, texts: [...texts, 'Setup.'], fileExists: () => false });
    const broken = report.findings.filter((f) => f.kind === 'broken-link');
    assert.deepEqual(
      broken.map((f) => f.locations),
      [[{ path: 'guide.md', startLine: 46, endLine: 46 }]],
    );
    assert.equal(report.facts.incomingLinks?.['setup.md'], 1);
  });
});
