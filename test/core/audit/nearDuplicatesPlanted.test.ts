/**
 * Precision and recall of near-duplicate detection at the default thresholds, on real documentation (the Markdown
 * that the project's npm dependencies ship) with planted duplicates: copies with paragraphs dropped and ~5 % of
 * words changed, sections pasted into other pages with edits, rewrites, and look-alike boilerplate (a licence
 * footer, "See also" lists, generated API stubs) that must not be reported. `npm run bench` prints the same on a
 * larger tree.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { auditRun } from '../../support/auditRun';
import { documentationFilesUnder, NOTHING_PLANTED, plantDuplicates, scoreDuplicates } from '../../support/plantedDuplicates';

const BASE_FILES = 80;

describe('near-duplicates on a planted documentation tree', () => {
  it('finds ≥ 90 % of the planted pairs with ≥ 90 % precision, and no look-alike boilerplate', async () => {
    const base = documentationFilesUnder(path.resolve(__dirname, '../../../node_modules'), 1500, BASE_FILES);
    assert.equal(base.length, BASE_FILES, 'node_modules holds enough documentation (run npm ci)');
    const work = mkdtempSync(path.join(tmpdir(), 'topic-lens-planted-'));
    try {
      const root = path.join(work, 'planted');
      const tree = plantDuplicates(
        root,
        base,
        { editedCopies: 8, pastedSections: 5, rewrites: 8, footerPages: 15, seeAlsoPages: 10, stubPages: 12 },
        seededRandom(3),
      );
      const { report } = await auditRun({ kind: 'folder', root });
      // The base files' own duplication, which planted copies of them inherit.
      plantDuplicates(path.join(work, 'base'), base, NOTHING_PLANTED, seededRandom(3));
      const natural = await auditRun({ kind: 'folder', root: path.join(work, 'base') });
      const score = scoreDuplicates(report.findings, tree, natural.report.findings);
      console.log(
        `recall ${score.found}/${score.planted} = ${score.recall.toFixed(3)}, precision ${score.reported - score.wrong.length}/${score.reported} = ${score.precision.toFixed(3)}, natural pairs ${score.natural}`,
      );
      assert.ok(score.planted >= 18, `${score.planted} planted pairs`);
      assert.ok(score.recall >= 0.9, `recall ${score.recall}; missed:\n${score.missed.join('\n')}`);
      assert.ok(score.precision >= 0.9, `precision ${score.precision}; wrong:\n${score.wrong.join('\n')}`);
      // The footer and the stubs are reported as what they are.
      const boilerplate = report.findings.filter((f) => f.kind === 'boilerplate');
      assert.ok(
        boilerplate.some((f) => f.locations.length >= 15 && f.message.includes('Creative Commons')),
        boilerplate.map((f) => f.message).join('\n'),
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
