import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancelledError } from '../../src/core/control';
import { withAudit, withoutAudit } from '../../src/worker/audit';
import { sampleResult } from '../support/results';

/** One unit vector per document (dimension 1, as the sample result's model has). */
function embeddingsOf(count: number) {
  return { rows: Int32Array.from({ length: count }, (_, i) => i), matrix: { rows: count, cols: 1, data: new Float32Array(count).fill(1) }, neighbours: null };
}

const textsOf = (count: number) => Array.from({ length: count }, (_, i) => `Document ${i} says something of its own, number ${i}.`);

test('a local folder that is not a git work tree is audited without staleness, and the audit says why', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'topic-lens-audit-'));
  try {
    const result = { ...sampleResult(), source: pathToFileURL(folder).href };
    const audited = await withAudit(result, textsOf(result.documents.length), embeddingsOf(result.documents.length), {}, {});
    assert.ok(audited.audit, 'the result carries its audit');
    assert.equal(audited.audit.facts.lastChange, null);
    assert.ok(
      audited.audit.notes.some((note) => /^Staleness was not measured: /.test(note)),
      JSON.stringify(audited.audit.notes),
    );
    assert.deepEqual(withoutAudit(audited), result);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a folder that is not on this disk (another URI scheme) is audited without git', async () => {
  const result = { ...sampleResult(), source: 'vscode-vfs://github/owner/repo' };
  const audited = await withAudit(result, textsOf(result.documents.length), embeddingsOf(result.documents.length), { staleMinDays: 1 }, {});
  assert.ok(audited.audit);
  assert.equal(audited.audit.options.staleMinDays, 1, 'the thresholds asked for are used');
  assert.ok(
    audited.audit.notes.some((note) => note.includes('not on the local file system')),
    JSON.stringify(audited.audit.notes),
  );
});

test('an audit that fails leaves the result without findings and says why; a cancelled one is cancelled', async () => {
  const result = { ...sampleResult(), source: 'vscode-vfs://github/owner/repo' };
  const notices: string[] = [];
  // One text short: the audit refuses.
  const failed = await withAudit(
    result,
    textsOf(result.documents.length - 1),
    embeddingsOf(result.documents.length),
    {},
    {
      onNotice: (message) => notices.push(message),
    },
  );
  assert.equal(failed.audit, undefined);
  assert.equal(notices.length, 1);
  assert.match(notices[0], /^The documentation audit failed, so there are no findings this time: The audit needs the text of every document/);

  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    withAudit(result, textsOf(result.documents.length), embeddingsOf(result.documents.length), {}, { signal: controller.signal }),
    CancelledError,
  );
});
