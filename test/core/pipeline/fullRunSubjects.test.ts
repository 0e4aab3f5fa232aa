/**
 * The whole pipeline with the real bundled model on folders where the answer is known: a subject that dominates the
 * folder keeps its topic, and 20 Newsgroups splits into many topics rather than one giant one.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readJsonl } from '../../../src/core/documents/jsonl';
import { normalizedMutualInfo } from '../../../src/core/metrics/partition';
import { runPipeline } from '../../../src/core/pipeline/fullRun';
import { BUNDLED_MODEL } from '../../../src/core/embedding/bundledModel';
import type { LocalModelOptions } from '../../../src/core/embedding/options';
import { DEFAULT_PARAMETERS } from '../../../src/core/result';
import { writeDominantSubjectCorpus } from '../../support/dominantCorpus';

const NEWSGROUPS = path.resolve(__dirname, '../../../../shared/data/20newsgroups-clean.jsonl.gz');
/** Enough posts for all 20 newsgroups to show, few enough for a unit test. */
const NEWSGROUP_POSTS = 2000;

describe('runPipeline with the bundled model', () => {
  let cache: string;
  let embedding: LocalModelOptions;
  before(() => {
    cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-pipeline-'));
    embedding = { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: cache };
  });
  after(() => rmSync(cache, { recursive: true, force: true }));

  it('keeps a dominant subject as one topic: 40 install guides and 12 cooking notes give 2 topics, no outliers', async () => {
    const root = path.join(cache, 'docs');
    const truth = writeDominantSubjectCorpus(root);
    const result = await runPipeline({ kind: 'folder', root }, { parameters: DEFAULT_PARAMETERS, embedding });
    const topicsOf = (subject: string) => new Set(result.documents.filter((d) => truth.get(d.path) === subject).map((d) => d.topic));
    assert.equal(result.documents.length, 52);
    assert.deepEqual([...topicsOf('install')], [0], 'every install guide in the largest topic');
    assert.deepEqual([...topicsOf('cooking')], [1], 'every cooking note in the second topic');
    assert.deepEqual(
      result.topics.map((t) => [t.id, t.count]),
      [
        [0, 40],
        [1, 12],
      ],
    );
  });

  it('splits 20 Newsgroups into many topics, none holding most of the posts', async (t) => {
    if (!existsSync(NEWSGROUPS)) {
      t.skip(`20 Newsgroups not found at ${NEWSGROUPS}`);
      return;
    }
    const { documents } = await readJsonl(NEWSGROUPS, { maxDocuments: NEWSGROUP_POSTS });
    const result = await runPipeline(
      { kind: 'documents', source: 'newsgroups', documents, skipped: [] },
      { parameters: { ...DEFAULT_PARAMETERS, unit: 'file' }, embedding },
    );
    const clustered = result.documents.filter((d) => d.topic >= -1);
    const topics = result.topics.filter((topic) => topic.id >= 0);
    const largest = Math.max(...topics.map((topic) => topic.count));
    assert.ok(topics.length >= 10, `${topics.length} topics`);
    assert.ok(largest <= 0.3 * clustered.length, `the largest topic holds ${largest} of ${clustered.length} posts`);
    const groups = [...new Set(clustered.map((d) => d.label!))];
    const nmi = normalizedMutualInfo(
      clustered.map((d) => groups.indexOf(d.label!)),
      clustered.map((d) => d.topic),
    );
    assert.ok(nmi >= 0.25, `NMI vs newsgroups ${nmi.toFixed(3)}`);
  });
});
