/**
 * Worker-thread entry of a tokenizer thread of the static embedder (see staticEmbedder.ts): tokenises chunks of
 * batches into packed int64 arrays and hands them over without copies. Bundled as its own file next to the bundle
 * that starts it (dist/tokenizerWorker.js); run from sources through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TokenizeReply, TokenizeRequest, TokenizerWorkerData } from './staticEmbedder';
import { readStaticTokenizer, TokenBatch, type PackedBatch } from './staticTokens';

if (!parentPort) throw new Error('tokenizerWorker must run in a worker thread.');
const port = parentPort;
const post = (message: TokenizeReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const { folder, batchSize, maxLength } = workerData as TokenizerWorkerData;

readStaticTokenizer(folder).then(
  (tokenizer) => {
    if (!tokenizer) {
      post({ type: 'failed', message: `${folder} has no word-level tokenizer the fast path reads.` });
      return;
    }
    const batch = new TokenBatch(batchSize, maxLength, tokenizer);
    post({ type: 'ready' });
    port.on('message', ({ request, texts }: TokenizeRequest) => {
      const batches: PackedBatch[] = [];
      for (let from = 0; from < texts.length; from += batchSize) batches.push(batch.fill(texts, from, Math.min(texts.length, from + batchSize)).pack(true));
      post(
        { type: 'batches', request, batches },
        batches.flatMap((b) => [b.ids.buffer as ArrayBuffer, b.mask.buffer as ArrayBuffer]),
      );
    });
  },
  (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
