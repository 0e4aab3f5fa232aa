/**
 * Builds the static-embedding model folder from a wink GloVe file, skipping the work when the folder already
 * records the same input hash. Writes into a temporary sibling folder and renames it into place, so readers never
 * see a half-written model.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_STATIC_MODEL_OPTIONS, selectVocabulary, staticModelFiles, type StaticModelOptions } from './staticModel';
import { readWinkVectors } from './winkVectors';

export const BUILD_INFO_FILE = 'build-info.json';

export interface StaticModelBuildInput {
  /** The wink embeddings JSON. */
  readonly sourcePath: string;
  /** The wink package's LICENSE, reproduced in the model's NOTICE. */
  readonly licensePath: string;
  readonly outDir: string;
  readonly options?: StaticModelOptions;
  /** Anything else whose change must trigger a rebuild, e.g. the builder's own source text. */
  readonly fingerprint?: readonly string[];
}

export interface StaticModelBuildResult {
  readonly built: boolean;
  readonly inputHash: string;
  readonly outDir: string;
}

async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** sha256 over the source file, the licence, the options and the fingerprint: what the output depends on. */
export async function staticModelInputHash(input: StaticModelBuildInput): Promise<string> {
  const parts = [
    await sha256OfFile(input.sourcePath),
    await readFile(input.licensePath, 'utf8'),
    JSON.stringify(input.options ?? DEFAULT_STATIC_MODEL_OPTIONS),
    ...(input.fingerprint ?? []),
  ];
  const hash = createHash('sha256');
  for (const part of parts) hash.update(createHash('sha256').update(part).digest());
  return hash.digest('hex');
}

/** The input hash recorded in a built model folder, or undefined when there is none (or it is unreadable). */
export async function recordedInputHash(modelDir: string): Promise<string | undefined> {
  try {
    const info = JSON.parse(await readFile(path.join(modelDir, BUILD_INFO_FILE), 'utf8')) as { inputHash?: unknown };
    return typeof info.inputHash === 'string' ? info.inputHash : undefined;
  } catch {
    return undefined;
  }
}

export async function buildStaticModel(input: StaticModelBuildInput, force = false): Promise<StaticModelBuildResult> {
  const inputHash = await staticModelInputHash(input);
  if (!force && (await recordedInputHash(input.outDir)) === inputHash) {
    return { built: false, inputHash, outDir: input.outDir };
  }
  const options = input.options ?? DEFAULT_STATIC_MODEL_OPTIONS;
  const vectors = await readWinkVectors(input.sourcePath, (words) => selectVocabulary(words, options.vocabularySize));
  const files = staticModelFiles(vectors, await readFile(input.licensePath, 'utf8'), options);
  const info = {
    inputHash,
    files: files.map((file) => ({
      path: file.path,
      bytes: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    })),
  };

  const staging = `${input.outDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(staging, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.bytes);
  }
  // Written last: a folder with a build-info.json is complete.
  await writeFile(path.join(staging, BUILD_INFO_FILE), JSON.stringify(info, null, 2) + '\n');
  await rm(input.outDir, { recursive: true, force: true });
  await mkdir(path.dirname(input.outDir), { recursive: true });
  await rename(staging, input.outDir);
  return { built: true, inputHash, outDir: input.outDir };
}
