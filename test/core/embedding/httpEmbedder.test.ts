import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { zeroRows, type Embedder } from '../../../src/core/embedding/embedder';
import { embedWithCache } from '../../../src/core/embedding/embeddingCache';
import {
  clipText,
  createHttpEmbedder,
  EmbeddingServerError,
  retryAfterMs,
  retryDelayMs,
  type EmbeddingServerProblem,
} from '../../../src/core/embedding/httpEmbedder';
import { createEmbedder } from '../../../src/core/embedding/createEmbedder';
import type { EmbedderRuntime, ServerModelOptions } from '../../../src/core/embedding/options';
import { row, type Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';
import { bundledModelForTests } from '../../support/bundledModel';
import { SUBJECTS, subjectText, type Subject } from '../../support/corpus';
import { startEmbeddingServer, type EmbeddingServer, type Malformation } from '../../support/embeddingServer';
import { waitFor } from '../../support/waiting';

const MODEL = 'glove-sif-test';
const HOUR_MS = 60 * 60_000;

function texts(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const subjects = Object.keys(SUBJECTS) as Subject[];
  return Array.from({ length: count }, () => subjectText(subjects[Math.floor(random() * subjects.length)], random, 5 + Math.floor(random() * 60)));
}

function assertRowsClose(actual: Matrix, expected: Matrix, tolerance = 1e-6): void {
  assert.equal(actual.rows, expected.rows);
  assert.equal(actual.cols, expected.cols);
  for (let i = 0; i < actual.rows; i++) {
    const a = row(actual, i);
    const e = row(expected, i);
    const difference = Math.max(0, ...a.map((v, c) => Math.abs(v - e[c])));
    assert.ok(difference <= tolerance, `row ${i} differs by ${difference}`);
  }
}

function isProblem(problem: EmbeddingServerProblem, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof EmbeddingServerError, `not an EmbeddingServerError: ${String(error)}`);
    assert.equal(error.problem, problem, error.message);
    assert.match(error.message, pattern);
    return true;
  };
}

test('Retry-After is read in milliseconds, seconds or as a date; back-off doubles with jitter, capped', () => {
  assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' })), 2000);
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now), 3000);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' })), undefined);
  assert.equal(retryAfterMs(new Headers()), undefined);
  for (const [attempt, low, high] of [
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [9, 500, 1000],
  ]) {
    assert.equal(
      retryDelayMs(attempt, 100, 1000, () => 0),
      low,
    );
    assert.equal(
      retryDelayMs(attempt, 100, 1000, () => 1),
      high,
    );
  }
  assert.equal(
    retryDelayMs(1, 100, 1000, () => 0, 700),
    700,
    'the server may ask for longer',
  );
  assert.equal(
    retryDelayMs(1, 100, 1000, () => 0, 5000),
    1000,
    'but not for longer than the cap',
  );
});

test('clipText never splits a surrogate pair', () => {
  assert.equal(clipText('abc', 5), 'abc');
  assert.equal(clipText('abcdef', 3), 'abc');
  assert.equal(clipText('ab😀c', 3), 'ab');
  assert.equal(clipText('ab😀c', 4), 'ab😀');
});

describe('the OpenAI-compatible embedder against a real server on 127.0.0.1', () => {
  let model: Embedder;
  let server: EmbeddingServer;
  let options: ServerModelOptions;
  const runtime: EmbedderRuntime = { random: seededRandom(1) };

  before(async () => {
    const bundled = await bundledModelForTests();
    model = await createEmbedder({ backend: 'local', model: bundled.folder, allowRemoteModels: false }, { threads: 1 });
    server = await startEmbeddingServer(MODEL, model);
    options = { backend: 'server', baseUrl: `${server.baseUrl}/`, model: MODEL, retryBaseMs: 5, retryMaxMs: 200 };
  });
  after(async () => {
    await server?.close();
    await model?.dispose();
  });
  beforeEach(async () => {
    // What a test left held is answered first, so it does not count in the next test.
    server.release();
    await waitFor(
      "the previous test's requests to be answered",
      server.until((stats) => stats.inFlight === 0),
    );
    server.behave({});
    Object.assign(server.stats, { requests: 0, answered: 0, maxInFlight: 0 });
    server.stats.batchSizes.length = 0;
    server.stats.authorizations.length = 0;
  });

  test('gives the rows of the model behind it, in input order, normalised, batched, at most `concurrency` requests at once', async () => {
    const embedder = await createHttpEmbedder({ ...options, batchSize: 7, concurrency: 3 }, runtime);
    assert.equal(embedder.dimension, model.dimension);
    assert.equal(embedder.modelId, `openai:${server.baseUrl}#${MODEL}`);
    const input = texts(100, 3);
    input.splice(10, 0, '', '  \n ');
    const events: ProgressEvent[] = [];
    server.stats.batchSizes.length = 0;
    Object.assign(server.stats, { maxInFlight: 0 });
    // Held until three requests are in flight together: the concurrency is seen, not hoped for.
    server.behave({ hold: true, shuffle: true, scale: 2.5 });
    const embedding = embedder.embed(input, { onProgress: (event) => events.push(event) });
    await waitFor(
      'three requests in flight at once',
      server.until((stats) => stats.inFlight === 3),
    );
    server.release();
    const rows = await embedding;

    assertRowsClose(rows, await model.embed(input));
    assert.deepEqual(Array.from(zeroRows(rows)), [10, 11], 'blank texts are zero rows and never sent');
    assert.equal(server.stats.batchSizes.length, Math.ceil(100 / 7));
    assert.ok(server.stats.batchSizes.every((size) => size <= 7));
    assert.equal(
      server.stats.batchSizes.reduce((sum, size) => sum + size, 0),
      100,
    );
    assert.equal(server.stats.maxInFlight, 3);
    assert.deepEqual(
      events.map((event) => event.done),
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
  });

  test('answers in numbers (from servers that ignore encoding_format) are read too, and long texts are clipped', async () => {
    server.behave({ answerAs: 'float' });
    const embedder = await createHttpEmbedder({ ...options, maxInputChars: 40 }, runtime);
    assert.match(embedder.modelId, /:clip40$/, 'the clip changes the vectors, so it is part of the cache key');
    const input = ['the telescope found a comet near saturn tonight, and then a nebula', 'router packet'];
    assertRowsClose(await embedder.embed(input), await model.embed(input.map((text) => text.slice(0, 40))));
  });

  test('retries 429 and 503, waiting what Retry-After asks', async () => {
    const embedder = await createHttpEmbedder(options, runtime);
    const afterProbe = server.stats.requests;
    server.behave({ fail: { count: 2, status: 503, retryAfterMs: 150 } });
    const started = performance.now();
    const input = texts(5, 4);
    assertRowsClose(await embedder.embed(input), await model.embed(input));
    assert.ok(performance.now() - started >= 2 * 150 - 5, 'waited twice 150 ms');
    assert.equal(server.stats.requests - afterProbe, 3);

    server.behave({ fail: { count: 1, status: 429, retryAfterSeconds: 0 } });
    assertRowsClose(await embedder.embed(input), await model.embed(input));
    assert.equal(server.stats.requests - afterProbe, 5);
  });

  test('gives up after maxRetries with the last status in the message', async () => {
    const embedder = await createHttpEmbedder({ ...options, maxRetries: 2 }, runtime);
    const afterProbe = server.stats.requests;
    server.behave({ fail: { count: 1000, status: 502 } });
    await assert.rejects(embedder.embed(['one text']), isProblem('unavailable', /still failing after 3 attempts \(last: HTTP 502: Simulated failure 502\.\)/));
    assert.equal(server.stats.requests - afterProbe, 3);
  });

  test('a request the server does not answer in time is retried, then reported', async () => {
    // A server of its own that never answers: requests the client gave up on cannot reach the next test's server.
    const silent = await startEmbeddingServer(MODEL, model, { hold: true });
    try {
      await assert.rejects(
        createHttpEmbedder({ ...options, baseUrl: silent.baseUrl, timeoutMs: 50, maxRetries: 1 }, runtime),
        isProblem('unavailable', /after 2 attempts \(last: no answer within 0\.05 s\)/),
      );
    } finally {
      await silent.close();
    }
  });

  test('401: the key is required and checked, and sent as a bearer token', async () => {
    server.behave({ apiKey: 'sesame' });
    await assert.rejects(
      createHttpEmbedder(options, runtime),
      isProblem('unauthorized', /rejected the API key \(HTTP 401: Incorrect API key provided\.\)\. No API key is set\./),
    );
    await assert.rejects(createHttpEmbedder({ ...options, apiKey: 'wrong' }, runtime), isProblem('unauthorized', /rejected the API key/));
    const embedder = await createHttpEmbedder({ ...options, apiKey: 'sesame' }, runtime);
    assert.equal((await embedder.embed(['a kitten'])).rows, 1);
    assert.deepEqual(server.stats.authorizations, [undefined, 'Bearer wrong', 'Bearer sesame', 'Bearer sesame']);
  });

  test('404: an unknown model is named with the URL', async () => {
    await assert.rejects(
      createHttpEmbedder({ ...options, model: 'no-such-model' }, runtime),
      isProblem(
        'not-found',
        new RegExp(
          `Model "no-such-model" was not found at ${server.baseUrl.replace(/\./g, '\\.')} \\(HTTP 404: The model \`no-such-model\` does not exist\\.\\)`,
        ),
      ),
    );
    assert.equal(server.stats.requests, 1, 'not retried');
  });

  test('a refused connection fails at once, without retries', async () => {
    const closed = await startEmbeddingServer(MODEL, model);
    const baseUrl = closed.baseUrl;
    await closed.close();
    // A retry would first wait half an hour or more: only an answer without one settles in time.
    const giveUp = new AbortController();
    try {
      await assert.rejects(
        waitFor(
          'the refused connection to be reported without a retry',
          createHttpEmbedder({ ...options, baseUrl, retryBaseMs: HOUR_MS, retryMaxMs: HOUR_MS }, { ...runtime, control: { signal: giveUp.signal } }),
        ),
        isProblem('unreachable', /at http:\/\/127\.0\.0\.1:\d+\/v1\/embeddings: connection refused/),
      );
    } finally {
      giveUp.abort();
    }
  });

  const malformations: [Malformation, RegExp][] = [
    ['not-json', /the body is not JSON/],
    ['no-data', /no "data" list/],
    ['wrong-count', /2 embeddings for 3 inputs/],
    ['repeated-index', /index 0 appears twice/],
    ['not-numbers', /not a list of finite numbers/],
    ['ragged', /has 99 dimensions, not 100/],
  ];
  for (const [malformation, pattern] of malformations) {
    test(`a malformed answer (${malformation}) is reported, not retried`, async () => {
      const embedder = await createHttpEmbedder(options, runtime);
      server.behave({ malformed: malformation });
      await assert.rejects(embedder.embed(['a', 'b', 'c']), isProblem('malformed', pattern));
      assert.equal(server.stats.requests, 2);
    });
  }

  test('aborting stops the requests in flight', async () => {
    // A server of its own that holds every request: the embedding can end while they are unanswered only if the
    // abort ends it, and requests still on their way cannot reach another test's server.
    const holding = await startEmbeddingServer(MODEL, model);
    try {
      const embedder = await createHttpEmbedder({ ...options, baseUrl: holding.baseUrl }, runtime);
      holding.behave({ hold: true });
      const controller = new AbortController();
      const inFlight = embedder.embed(texts(20, 5), { signal: controller.signal });
      await waitFor(
        'a request to reach the server',
        holding.until((stats) => stats.inFlight > 0),
      );
      const answered = holding.stats.answered;
      controller.abort();
      await assert.rejects(waitFor('the aborted embedding to end while the server holds its requests', inFlight), CancelledError);
      assert.equal(holding.stats.answered, answered, 'the server answered before the embedding ended');
    } finally {
      await holding.close();
    }
  });

  test('the wait before a retry is reported as progress, and aborting cuts it short', async () => {
    // Retry-After asks for an hour.
    const embedder = await createHttpEmbedder({ ...options, retryMaxMs: 2 * HOUR_MS }, runtime);
    server.behave({ fail: { count: 1, status: 503, retryAfterMs: HOUR_MS } });
    const controller = new AbortController();
    let waiting: (event: ProgressEvent) => void = () => undefined;
    const retryAnnounced = new Promise<ProgressEvent>((resolve) => (waiting = resolve));
    const backingOff = embedder.embed(['x'], { signal: controller.signal, onProgress: (event) => event.message && waiting(event) });
    const announced = await waitFor('the progress event announcing the retry', retryAnnounced);
    assert.deepEqual(announced, {
      stage: 'embed',
      done: 0,
      total: 1,
      message: 'the embedding server failed (HTTP 503: Simulated failure 503.); retrying in 3600.0 s',
    });
    controller.abort();
    await assert.rejects(waitFor('the aborted embedding to end during its back-off', backingOff), CancelledError);
  });

  test('a failing request stops the others and its error is the one reported', async () => {
    const embedder = await createHttpEmbedder({ ...options, batchSize: 1, concurrency: 2, maxRetries: 0 }, runtime);
    const afterProbe = server.stats.requests;
    server.behave({ fail: { count: 1000, status: 400 } });
    await assert.rejects(embedder.embed(texts(50, 6)), isProblem('refused', /refused the request \(HTTP 400/));
    assert.ok(server.stats.requests - afterProbe <= 2, `${server.stats.requests - afterProbe} requests for 50 texts`);
  });

  describe('with the embedding cache', () => {
    let cacheDir: string;
    before(async () => {
      cacheDir = await mkdtemp(path.join(os.tmpdir(), 'http-embedding-cache-'));
    });
    after(() => rm(cacheDir, { recursive: true, force: true }));

    test('a re-run is served from the cache without a request', async () => {
      const embedder = await createHttpEmbedder(options, runtime);
      const input = texts(30, 7);
      const first = await embedWithCache(embedder, input, cacheDir);
      const requests = server.stats.requests;
      const again = await embedWithCache(embedder, input, cacheDir);
      assert.equal(server.stats.requests, requests);
      assert.deepEqual(again, first);
      assertRowsClose(first, await model.embed(input));
    });
  });
});
