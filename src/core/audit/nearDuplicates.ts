/**
 * Near-duplicate documents and files, and repeated boilerplate, from text overlap and embedding neighbours.
 *
 * 1. Every document becomes a set of word 5-shingles. A shingle found in many files (`boilerplateMinFiles`, and
 *    `boilerplateShare` of all files) is boilerplate: licence footers, navigation snippets, "See also" lists and
 *    generated stubs share such shingles, and two documents sharing only them are not duplicates. Long runs of
 *    such shingles become one "repeated block" each, however many files hold them (boilerplate.ts).
 * 2. The remaining (distinctive) shingles get MinHash signatures; LSH banding proposes candidate pairs, of
 *    documents and of whole files, and each candidate's exact Jaccard similarity and containment decide.
 *    Exact copies are paired by content hash.
 * 3. Rewrites share few shingles: embedding neighbours (the kNN graph UMAP already built) with a high cosine are
 *    accepted when they also share most of their distinctive vocabulary (vocabulary.ts).
 * 4. Two files most of whose documents pair up are duplicate files. Accepted pairs are chained into groups with
 *    union–find: groups of files, then groups of the documents not already covered by a file group.
 *
 * Time and memory grow with the total number of words, never with the number of document pairs.
 */
import { UnionFind } from '../cluster/unionFind';
import { Pacer, type RunControl } from '../control';
import { repeatedBlocks, type RepeatedBlock } from './boilerplate';
import type { AuditOptions } from './finding';
import { BANDS, candidatePairs, SIGNATURE_SIZE, writeBandKeys } from './minhash';
import { corpusShingles, type SetPool, type ShareScanner } from './shingleSets';
import { DistinctiveVocabulary } from './vocabulary';
import { ScreenedSet, SHINGLE_WORDS } from './words';

export interface DuplicateCorpus {
  readonly texts: readonly string[];
  /** The file of each text: 0 … files − 1. */
  readonly fileOf: Int32Array;
  readonly files: number;
  /** Content hashes: equal hashes are exact copies. */
  readonly hashes: readonly string[];
}

/** An embedding-neighbour pair of documents with its cosine similarity. */
export interface NeighbourPair {
  readonly a: number;
  readonly b: number;
  readonly cosine: number;
}

/** Embedding evidence: neighbour pairs, and the cosine of any two documents (null when one has no embedding). */
export interface EmbeddingEvidence {
  readonly neighbours: readonly NeighbourPair[];
  readonly similarity: (a: number, b: number) => number | null;
}

export type DuplicateEvidence = 'copy' | 'text' | 'rewrite';

export interface DuplicatePair {
  /** Document indices, or file ids in a group of level 'file'; a < b. */
  readonly a: number;
  readonly b: number;
  readonly evidence: DuplicateEvidence;
  /** Exact Jaccard similarity of the distinctive shingle sets. */
  readonly jaccard: number;
  /** Share of the smaller set found in the larger. */
  readonly containment: number;
  /** Rarity-weighted share of distinctive words in common (measured for rewrites only). */
  readonly wordOverlap: number | null;
  /** Embedding cosine similarity (null without embeddings, and for files). */
  readonly cosine: number | null;
}

export interface DuplicateGroup {
  /** 'file': members and pairs are file ids (whole files duplicate each other); 'document': document indices. */
  readonly level: 'file' | 'document';
  /** Ascending. */
  readonly members: readonly number[];
  readonly pairs: readonly DuplicatePair[];
}

export interface DuplicateAnalysis {
  readonly groups: readonly DuplicateGroup[];
  readonly blocks: readonly RepeatedBlock[];
  /** Files a shingle must appear in to be boilerplate. */
  readonly boilerplateFiles: number;
}

type DuplicateOptions = Pick<
  AuditOptions,
  | 'duplicateJaccard'
  | 'duplicateContainment'
  | 'paraphraseCosine'
  | 'paraphraseOverlap'
  | 'minShingles'
  | 'boilerplateMinFiles'
  | 'boilerplateShare'
  | 'boilerplateMinWords'
>;

const MINHASH_SEED = 0x2545f491;
/**
 * Keeping every document's words during the scan costs ~3 µs a document (the scan and joining its parts), reading a
 * compared document's words again ~7 µs (profiles of the 50,000-document scale point, where all but 0.4 % are
 * compared): keeping pays when more than ~0.4 of the documents will be compared, which their close embedding
 * neighbours tell before the scan (0.26 on 20 Newsgroups).
 */
const KEEP_WORDS_SHARE = 0.4;
/** Share of a file's documents that must pair with documents of another file for the two files to be duplicates. */
const FILE_COVERAGE = 0.5;

interface Overlap {
  readonly jaccard: number;
  readonly containment: number;
}

function textOverlap(sets: SetPool, a: number, b: number): Overlap {
  const shared = sets.shared(a, b);
  const sizeA = sets.size(a);
  const sizeB = sets.size(b);
  return { jaccard: shared / (sizeA + sizeB - shared), containment: shared / Math.min(sizeA, sizeB) };
}

export async function findDuplicates(
  corpus: DuplicateCorpus,
  embeddings: EmbeddingEvidence | null,
  options: DuplicateOptions,
  control: RunControl = {},
  scanner?: ShareScanner,
): Promise<DuplicateAnalysis> {
  const { texts, fileOf, files } = corpus;
  const n = texts.length;
  const boilerplateFiles = Math.max(options.boilerplateMinFiles, Math.ceil(options.boilerplateShare * files));
  const keepWords = embeddings !== null && comparedShare(embeddings.neighbours, n) >= KEEP_WORDS_SHARE;
  const shingles = await corpusShingles(texts, fileOf, files, { frequentIn: boilerplateFiles, keepWords }, control, scanner);
  const boilerplate = new ScreenedSet(shingles.frequent);
  const isBoilerplate = (shingle: number) => boilerplate.has(shingle);
  const pacer = new Pacer(control);
  const boilerplateCounts = shingles.documents.remove(boilerplate);
  await pacer.pause();
  if (shingles.files !== shingles.documents) shingles.files.remove(boilerplate);
  // Only documents with at least a block's worth of boilerplate shingles can hold a block.
  const blockCandidates = Uint8Array.from(boilerplateCounts, (count) => (count >= options.boilerplateMinWords - SHINGLE_WORDS + 1 ? 1 : 0));
  const hasBoilerplate = Uint8Array.from(boilerplateCounts, (count) => (count > 0 ? 1 : 0));
  const isTextDuplicate = (overlap: Overlap) => overlap.jaccard >= options.duplicateJaccard || overlap.containment >= options.duplicateContainment;

  const documentPairs = await pairDocuments(corpus, shingles.documents, embeddings, options, {
    isTextDuplicate,
    vocabulary: embeddings && new DistinctiveVocabulary(texts, shingles.words, hasBoilerplate, isBoilerplate, shingles.wordCounts, shingles.totalWords),
    control,
  });
  const filePairs: DuplicatePair[] = [];
  if (files < n) {
    const fileSets = shingles.files;
    const judged = new Set<number>();
    const judge = (a: number, b: number, evidence: DuplicateEvidence | null) => {
      if (judged.has(a * files + b)) return;
      judged.add(a * files + b);
      const overlap = textOverlap(fileSets, a, b);
      if (evidence || isTextDuplicate(overlap)) filePairs.push({ a, b, evidence: evidence ?? 'text', ...overlap, wordOverlap: null, cosine: null });
    };
    await lshCandidates(fileSets, tooSmall(fileSets, options.minShingles), (a, b) => judge(a, b, null), control);
    for (const [a, b, evidence] of pairedFiles(corpus, shingles.documents, options.minShingles, documentPairs)) judge(a, b, evidence);
  }

  const blocks = await repeatedBlocks(texts, fileOf, blockCandidates, isBoilerplate, boilerplateFiles, options.boilerplateMinWords, control);
  const fileGroups = groupPairs('file', files, filePairs);
  return { groups: [...fileGroups, ...documentGroups(fileOf, documentPairs, fileGroups)], blocks, boilerplateFiles };
}

/** The share of the documents in at least one of the close neighbour pairs: most will be compared as rewrites. */
function comparedShare(neighbours: readonly NeighbourPair[], documents: number): number {
  const compared = new Uint8Array(documents);
  let count = 0;
  for (const { a, b } of neighbours) {
    for (const d of [a, b]) {
      if (compared[d]) continue;
      compared[d] = 1;
      count++;
    }
  }
  return documents > 0 ? count / documents : 0;
}

function tooSmall(sets: SetPool, minimum: number): Uint8Array {
  const small = new Uint8Array(sets.count);
  for (let i = 0; i < sets.count; i++) small[i] = sets.size(i) < minimum ? 1 : 0;
  return small;
}

/** Document pairs of different files: exact copies, MinHash candidates, and close embedding neighbours. */
async function pairDocuments(
  corpus: DuplicateCorpus,
  sets: SetPool,
  embeddings: EmbeddingEvidence | null,
  options: DuplicateOptions,
  context: { isTextDuplicate: (overlap: Overlap) => boolean; vocabulary: DistinctiveVocabulary | null; control: RunControl },
): Promise<DuplicatePair[]> {
  const { fileOf, hashes } = corpus;
  const n = sets.count;
  const skip = tooSmall(sets, options.minShingles);
  const pairs: DuplicatePair[] = [];
  const judged = new Set<number>();
  const judge = (x: number, y: number, knownCosine: number | null) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    if (skip[a] || skip[b] || fileOf[a] === fileOf[b] || judged.has(a * n + b)) return;
    judged.add(a * n + b);
    const overlap = textOverlap(sets, a, b);
    const cosine = knownCosine ?? embeddings?.similarity(a, b) ?? null;
    if (context.isTextDuplicate(overlap)) pairs.push({ a, b, evidence: 'text', ...overlap, wordOverlap: null, cosine });
    else if (cosine !== null && cosine >= options.paraphraseCosine && context.vocabulary) {
      const wordOverlap = context.vocabulary.overlapAtLeast(a, b, options.paraphraseOverlap);
      if (wordOverlap !== null) pairs.push({ a, b, evidence: 'rewrite', ...overlap, wordOverlap, cosine });
    }
  };
  // Exact copies pair with the first of their kind; only that one takes part in the MinHash search.
  const firstOfHash = new Map<string, number>();
  const searched = Uint8Array.from(skip);
  for (let d = 0; d < n; d++) {
    if (skip[d]) continue;
    const first = firstOfHash.get(hashes[d]);
    if (first === undefined) firstOfHash.set(hashes[d], d);
    else {
      searched[d] = 1;
      if (fileOf[first] !== fileOf[d]) pairs.push({ a: first, b: d, evidence: 'copy', jaccard: 1, containment: 1, wordOverlap: null, cosine: 1 });
    }
  }
  await lshCandidates(sets, searched, (a, b) => judge(a, b, null), context.control);
  const pacer = new Pacer(context.control);
  for (const { a, b, cosine } of embeddings?.neighbours ?? []) {
    if (cosine >= options.paraphraseCosine) judge(a, b, cosine);
    if (pacer.due) await pacer.pause();
  }
  return pairs;
}

/** Runs LSH over the sets (`skip[i]` set: left out), visiting each candidate pair once. */
async function lshCandidates(sets: SetPool, skip: Uint8Array, visit: (a: number, b: number) => void, control: RunControl): Promise<void> {
  const count = sets.count;
  const keys = new Uint32Array(count * BANDS);
  const signature = new Uint32Array(SIGNATURE_SIZE);
  const pacer = new Pacer(control);
  for (let i = 0; i < count; i++) {
    if (!skip[i]) writeBandKeys(sets.of(i), MINHASH_SEED, signature, keys, i);
    if (pacer.due) await pacer.pause();
  }
  await candidatePairs(keys, count, skip, visit, pacer);
}

/**
 * File pairs [a < b] whose accepted document pairs cover at least FILE_COVERAGE of each file's documents (those
 * long enough to judge), with the evidence most of those pairs rest on.
 */
function pairedFiles(corpus: DuplicateCorpus, sets: SetPool, minShingles: number, pairs: readonly DuplicatePair[]): Array<[number, number, DuplicateEvidence]> {
  const { fileOf } = corpus;
  const judgeable = new Int32Array(corpus.files);
  for (let d = 0; d < sets.count; d++) if (sets.size(d) >= minShingles) judgeable[fileOf[d]]++;
  const between = new Map<number, { a: number; b: number; fromA: Set<number>; fromB: Set<number>; rewrites: number; total: number }>();
  for (const pair of pairs) {
    const [x, y] = fileOf[pair.a] < fileOf[pair.b] ? [pair.a, pair.b] : [pair.b, pair.a];
    const key = fileOf[x] * corpus.files + fileOf[y];
    let entry = between.get(key);
    if (!entry) between.set(key, (entry = { a: fileOf[x], b: fileOf[y], fromA: new Set(), fromB: new Set(), rewrites: 0, total: 0 }));
    entry.fromA.add(x);
    entry.fromB.add(y);
    entry.total++;
    if (pair.evidence === 'rewrite') entry.rewrites++;
  }
  const out: Array<[number, number, DuplicateEvidence]> = [];
  for (const entry of between.values()) {
    if (entry.fromA.size >= FILE_COVERAGE * judgeable[entry.a] && entry.fromB.size >= FILE_COVERAGE * judgeable[entry.b]) {
      out.push([entry.a, entry.b, entry.rewrites * 2 > entry.total ? 'rewrite' : 'text']);
    }
  }
  return out;
}

/** Groups of the document pairs whose files are not already in one duplicate-file group. */
function documentGroups(fileOf: Int32Array, pairs: readonly DuplicatePair[], fileGroups: readonly DuplicateGroup[]): DuplicateGroup[] {
  const groupOfFile = new Map<number, number>();
  fileGroups.forEach((group, g) => group.members.forEach((file) => groupOfFile.set(file, g)));
  const covered = (pair: DuplicatePair) => {
    const g = groupOfFile.get(fileOf[pair.a]);
    return g !== undefined && g === groupOfFile.get(fileOf[pair.b]);
  };
  return groupPairs(
    'document',
    fileOf.length,
    pairs.filter((pair) => !covered(pair)),
  );
}

function groupPairs(level: DuplicateGroup['level'], n: number, pairs: readonly DuplicatePair[]): DuplicateGroup[] {
  const sets = new UnionFind(n);
  for (const pair of pairs) sets.union(pair.a, pair.b);
  const groups = new Map<number, { members: Set<number>; pairs: DuplicatePair[] }>();
  for (const pair of pairs) {
    const root = sets.find(pair.a);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = { members: new Set(), pairs: [] }));
    group.members.add(pair.a).add(pair.b);
    group.pairs.push(pair);
  }
  return [...groups.values()]
    .map((g) => ({ level, members: [...g.members].sort((a, b) => a - b), pairs: g.pairs }))
    .sort((a, b) => a.members[0] - b.members[0]);
}
