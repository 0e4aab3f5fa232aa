/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI's `POST /v1/embeddings`, answering with real embeddings from
 * an embedder (the bundled model). Tests set how it misbehaves: fail the first N requests, require a key, be slow,
 * hold requests until released, answer out of order, in numbers when asked for base64, or malformed; it counts
 * requests, answers and the most it had in flight, and tells a test when its counts reach what it waits for.
 *
 * As a program (for the benchmark): `node --import tsx test/support/embeddingServer.ts [--threads N]` serves the
 * bundled model as model "bundled" on a free port, prints `listening <base url>`, and stops when its standard
 * input closes (its parent ended) or after an hour.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { Embedder } from '../../src/core/embedding/embedder';
import { seededRandom } from '../../src/core/random';
import { BUNDLED_MODEL } from '../../src/core/embedding/bundledModel';

export type Malformation = 'not-json' | 'no-data' | 'wrong-count' | 'repeated-index' | 'not-numbers' | 'ragged';

export interface EmbeddingServerBehaviour {
  /** Requests must carry `Authorization: Bearer <apiKey>` (401 otherwise). */
  readonly apiKey?: string;
  /** The next `count` requests get `status`, with Retry-After (seconds) or retry-after-ms headers when set. */
  readonly fail?: { readonly count: number; readonly status: number; readonly retryAfterSeconds?: number; readonly retryAfterMs?: number };
  /** Milliseconds to wait before answering each request. */
  readonly delayMs?: number;
  /** Keep every request unanswered until `release()` (a server that does not answer yet). */
  readonly hold?: boolean;
  /** Answer the data items in a shuffled order (their `index` still right). */
  readonly shuffle?: boolean;
  /** Multiply every vector by this, so the client must normalise. */
  readonly scale?: number;
  /** Send vectors as numbers or as base64 float32 whatever the request asks (default: as it asks). */
  readonly answerAs?: 'float' | 'base64';
  readonly malformed?: Malformation;
}

export interface EmbeddingServerStats {
  requests: number;
  /** Requests whose answer was sent. */
  answered: number;
  inFlight: number;
  maxInFlight: number;
  /** Inputs per embeddings request, in arrival order. */
  readonly batchSizes: number[];
  /** The Authorization header of each request. */
  readonly authorizations: (string | undefined)[];
}

export interface EmbeddingServer {
  /** The API root, `http://127.0.0.1:<port>/v1`. */
  readonly baseUrl: string;
  readonly stats: EmbeddingServerStats;
  /** Replaces the misbehaviour settings (the model and embedder stay). */
  behave(behaviour: EmbeddingServerBehaviour): void;
  /** Resolves once `condition` holds, checked now and whenever a request arrives or an answer is sent. */
  until(condition: (stats: EmbeddingServerStats) => boolean): Promise<void>;
  /** Stops holding: the held requests are answered (as the current behaviour says otherwise). */
  release(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 << 20;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function openAiError(message: string, type: string, code: string | null): object {
  return { error: { message, type, param: null, code } };
}

function base64Floats(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Deliberately broken bodies, one per way a server can get the format wrong. */
function malformedBody(kind: Malformation, items: { index: number; embedding: number[] }[]): string {
  switch (kind) {
    case 'not-json':
      return '<html>502 Bad Gateway</html>';
    case 'no-data':
      return JSON.stringify({ object: 'list', results: items });
    case 'wrong-count':
      return JSON.stringify({ object: 'list', data: items.slice(1) });
    case 'repeated-index':
      return JSON.stringify({ object: 'list', data: items.map((item) => ({ ...item, index: 0 })) });
    case 'not-numbers':
      return JSON.stringify({ object: 'list', data: items.map((item) => ({ ...item, embedding: item.embedding.map(String) })) });
    case 'ragged':
      return JSON.stringify({ object: 'list', data: items.map((item, i) => ({ ...item, embedding: item.embedding.slice(i % 2) })) });
  }
}

export async function startEmbeddingServer(model: string, embedder: Embedder, behaviour: EmbeddingServerBehaviour = {}): Promise<EmbeddingServer> {
  let current = behaviour;
  let failuresLeft = behaviour.fail?.count ?? 0;
  const random = seededRandom(99);
  const stats: EmbeddingServerStats = { requests: 0, answered: 0, inFlight: 0, maxInFlight: 0, batchSizes: [], authorizations: [] };
  let waiters: { readonly condition: (stats: EmbeddingServerStats) => boolean; readonly resolve: () => void }[] = [];
  const statsChanged = () => {
    const met = waiters.filter((w) => w.condition(stats));
    waiters = waiters.filter((w) => !met.includes(w));
    for (const waiter of met) waiter.resolve();
  };
  const held: (() => void)[] = [];
  const release = () => {
    current = { ...current, hold: false };
    for (const answerNow of held.splice(0)) answerNow();
  };

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
      sendJson(response, 404, openAiError(`Unknown request URL: ${request.method} ${request.url}`, 'invalid_request_error', 'unknown_url'));
      return;
    }
    const body = await readBody(request);
    if (current.hold) await new Promise<void>((resolve) => held.push(resolve));
    if (current.delayMs) await new Promise((resolve) => setTimeout(resolve, current.delayMs));
    stats.authorizations.push(request.headers.authorization);
    if (current.apiKey !== undefined && request.headers.authorization !== `Bearer ${current.apiKey}`) {
      sendJson(response, 401, openAiError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
      return;
    }
    const { fail } = current;
    if (fail && failuresLeft > 0) {
      failuresLeft -= 1;
      const headers: Record<string, string> = {};
      if (fail.retryAfterSeconds !== undefined) headers['retry-after'] = String(fail.retryAfterSeconds);
      if (fail.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fail.retryAfterMs);
      sendJson(response, fail.status, openAiError(`Simulated failure ${fail.status}.`, 'server_error', null), headers);
      return;
    }
    let parsed: { model?: unknown; input?: unknown; encoding_format?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      sendJson(response, 400, openAiError('The body is not JSON.', 'invalid_request_error', null));
      return;
    }
    if (parsed.model !== model) {
      sendJson(response, 404, openAiError(`The model \`${String(parsed.model)}\` does not exist.`, 'invalid_request_error', 'model_not_found'));
      return;
    }
    const input = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
    if (!Array.isArray(input) || input.length === 0 || !input.every((text) => typeof text === 'string' && text.length > 0)) {
      sendJson(response, 400, openAiError("'input' must be a non-empty string or array of non-empty strings.", 'invalid_request_error', null));
      return;
    }
    stats.batchSizes.push(input.length);
    const rows = await embedder.embed(input as string[]);
    const scale = current.scale ?? 1;
    const base64 = (current.answerAs ?? parsed.encoding_format) === 'base64';
    const vectors = input.map((_, i) => rows.data.slice(i * rows.cols, (i + 1) * rows.cols).map((v) => v * scale));
    const order = input.map((_, i) => i);
    if (current.shuffle) order.sort(() => random() - 0.5);
    if (current.malformed) {
      sendJson(
        response,
        200,
        malformedBody(
          current.malformed,
          order.map((index) => ({ index, embedding: Array.from(vectors[index]) })),
        ),
      );
      return;
    }
    const data = order.map((index) => ({
      object: 'embedding',
      index,
      embedding: base64 ? base64Floats(vectors[index]) : Array.from(vectors[index]),
    }));
    const tokens = input.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
    sendJson(response, 200, { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  const server: Server = createServer((request, response) => {
    stats.requests += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    response.once('finish', () => {
      stats.answered += 1;
      statsChanged();
    });
    statsChanged();
    answer(request, response)
      .catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, openAiError(String(error), 'server_error', null));
        else response.destroy();
      })
      .finally(() => {
        stats.inFlight -= 1;
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A test that forgets to close it does not keep the process alive.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    stats,
    behave(next) {
      current = next;
      failuresLeft = next.fail?.count ?? 0;
    },
    until: (condition) =>
      new Promise<void>((resolve) => {
        if (condition(stats)) resolve();
        else waiters.push({ condition, resolve });
      }),
    release,
    close: () =>
      new Promise((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The program: the bundled model behind the server, until stdin closes (or an hour passes). */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' } } });
  const { createTransformersEmbedder } = await import('../../src/core/embedding/transformersEmbedder');
  const embedder = await createTransformersEmbedder({ backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false }, { threads: Number(values.threads) });
  const server = await startEmbeddingServer(BUNDLED_MODEL, embedder);
  const stop = () => {
    void server
      .close()
      .then(() => embedder.dispose())
      .then(() => process.exit(0));
  };
  process.stdin.on('end', stop).on('close', stop).resume();
  setTimeout(stop, 60 * 60 * 1000).unref();
  console.log(`listening ${server.baseUrl}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
