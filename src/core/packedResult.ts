/**
 * A result with its documents as columns of typed arrays. Tens of thousands of document objects are slow to
 * clone to another thread, to stringify and to keep; columns cross a thread transferred (no copy), persist as one
 * binary file and are read one entry at a time. Everything else of the result (topics, parameters, timings…)
 * is small and stays a plain object, `meta`.
 *
 * A delta (`ResultDelta`) is what an incremental update changed: the documents of some files, and the meta. The
 * editor applies it to what it shows and appends it to what it saved, instead of replacing everything.
 */
import { gatherStrings, packStrings, stringAt, type PackedStrings } from './packedStrings';
import type { DocumentResult, TopicLensResult } from './result';

export type ResultMeta = Omit<TopicLensResult, 'documents'>;

const NUMBER_COLUMNS = {
  topic: Int32Array,
  probability: Float64Array,
  x: Float64Array,
  y: Float64Array,
  startLine: Int32Array,
  endLine: Int32Array,
  /** 1 = weakly placed (the entry's `weak`). */
  weak: Int32Array,
} as const;
type NumberColumn = keyof typeof NUMBER_COLUMNS;
const NUMBER_COLUMN_NAMES = Object.keys(NUMBER_COLUMNS) as NumberColumn[];

/** Per-document strings; `path` is interned instead (a few hundred files hold tens of thousands of sections). */
const STRING_COLUMN_NAMES = ['heading', 'snippet', 'hash', 'label', 'unembeddableReason'] as const;
type StringColumn = (typeof STRING_COLUMN_NAMES)[number];

export type PackedDocuments = { readonly count: number; readonly paths: readonly string[]; readonly pathIndex: Int32Array } & {
  readonly [K in NumberColumn]: InstanceType<(typeof NUMBER_COLUMNS)[K]>;
} & { readonly [K in StringColumn]: PackedStrings };

/** The columns put together (their types follow from the column tables above). */
function assemble(count: number, paths: readonly string[], pathIndex: Int32Array, columns: [string, ArrayLike<number> | PackedStrings][]): PackedDocuments {
  return { count, paths, pathIndex, ...Object.fromEntries(columns) } as unknown as PackedDocuments;
}

function numberColumn(name: NumberColumn, count: number, value: (k: number) => number): Int32Array | Float64Array {
  const column = new NUMBER_COLUMNS[name](count);
  for (let k = 0; k < count; k++) column[k] = value(k);
  return column;
}

export interface PackedResult {
  readonly meta: ResultMeta;
  readonly documents: PackedDocuments;
}

export function packDocuments(documents: readonly DocumentResult[]): PackedDocuments {
  const paths: string[] = [];
  const pathNumber = new Map<string, number>();
  const pathIndex = Int32Array.from(documents, (doc) => {
    let index = pathNumber.get(doc.path);
    if (index === undefined) pathNumber.set(doc.path, (index = paths.push(doc.path) - 1));
    return index;
  });
  return assemble(documents.length, paths, pathIndex, [
    ...NUMBER_COLUMN_NAMES.map(
      (name) => [name, numberColumn(name, documents.length, (k) => Number(documents[k][name] ?? 0))] as [string, Int32Array | Float64Array],
    ),
    ...STRING_COLUMN_NAMES.map((name) => [name, packStrings(documents.map((doc) => doc[name] ?? null))] as [string, PackedStrings]),
  ]);
}

export function pathOf(documents: PackedDocuments, i: number): string {
  return documents.paths[documents.pathIndex[i]];
}

/** One document's entry, as the result's objects have it. */
export function documentAt(documents: PackedDocuments, i: number): DocumentResult {
  const label = stringAt(documents.label, i);
  const reason = stringAt(documents.unembeddableReason, i);
  return {
    path: pathOf(documents, i),
    heading: stringAt(documents.heading, i),
    startLine: documents.startLine[i],
    endLine: documents.endLine[i],
    topic: documents.topic[i],
    probability: documents.probability[i],
    x: documents.x[i],
    y: documents.y[i],
    snippet: stringAt(documents.snippet, i) ?? '',
    hash: stringAt(documents.hash, i) ?? '',
    ...(documents.weak[i] ? { weak: true as const } : {}),
    ...(label !== null ? { label } : {}),
    ...(reason !== null ? { unembeddableReason: reason } : {}),
  };
}

export function unpackDocuments(documents: PackedDocuments): DocumentResult[] {
  return Array.from({ length: documents.count }, (_, i) => documentAt(documents, i));
}

export function packResult(result: TopicLensResult): PackedResult {
  return { meta: metaOf(result), documents: packDocuments(result.documents) };
}

/** Everything of a result but its documents. */
function metaOf(result: TopicLensResult): ResultMeta {
  const meta: { -readonly [K in keyof TopicLensResult]?: TopicLensResult[K] } = { ...result };
  delete meta.documents;
  return meta as ResultMeta;
}

export function unpackResult(packed: PackedResult): TopicLensResult {
  return { ...packed.meta, documents: unpackDocuments(packed.documents) };
}

/** The buffers to transfer with a postMessage (each once). */
export function transferList(documents: PackedDocuments): ArrayBuffer[] {
  const views = [
    documents.pathIndex,
    ...NUMBER_COLUMN_NAMES.map((name) => documents[name]),
    ...STRING_COLUMN_NAMES.flatMap((name) => [documents[name].bytes, documents[name].ends, ...(documents[name].nulls ? [documents[name].nulls] : [])]),
  ];
  return [...new Set(views.map((view) => view.buffer as ArrayBuffer))];
}

/**
 * Entries taken from several packed sets: entry k is entry `from[k]` of `sources[source[k]]`. Subsets, deltas
 * applied and files spliced in are all this.
 */
export function gatherDocuments(sources: readonly PackedDocuments[], from: ArrayLike<number>, source: ArrayLike<number>): PackedDocuments {
  const count = from.length;
  const paths: string[] = [];
  const pathNumber = new Map<string, number>();
  const pathIndex = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const path = pathOf(sources[source[k]], from[k]);
    let index = pathNumber.get(path);
    if (index === undefined) pathNumber.set(path, (index = paths.push(path) - 1));
    pathIndex[k] = index;
  }
  return assemble(count, paths, pathIndex, [
    ...NUMBER_COLUMN_NAMES.map((name) => [name, numberColumn(name, count, (k) => sources[source[k]][name][from[k]])] as [string, Int32Array | Float64Array]),
    ...STRING_COLUMN_NAMES.map(
      (name) =>
        [
          name,
          gatherStrings(
            sources.map((s) => s[name]),
            from,
            source,
          ),
        ] as [string, PackedStrings],
    ),
  ]);
}

/** The entries at `indices`, in that order. */
export function selectDocuments(documents: PackedDocuments, indices: ArrayLike<number>): PackedDocuments {
  return gatherDocuments([documents], indices, new Uint8Array(indices.length));
}

// ---- deltas ---------------------------------------------------------------------------------------------------

/** What an incremental update changed: the documents of `files`, and the whole meta (topics, counts…). */
export interface ResultDelta {
  readonly meta: ResultMeta;
  /** Files whose documents were replaced: their entries are `documents`' entries of that path (none: removed). */
  readonly files: readonly string[];
  /** The files' new entries, each file's in file order. */
  readonly documents: PackedDocuments;
}

/**
 * Where the entries of a list go when the entries of `files` are replaced: a file that had entries gets its new
 * ones where the old ones were; a new file goes before the first entry whose path sorts after it (results list
 * files in path order), or last. Returns, per new entry, [source, index]: source 0 = the old list, 1 = `incoming`.
 * Written once for both the worker's document objects and the editor's packed columns.
 */
export function spliceFilesPlan(
  count: number,
  pathAt: (i: number) => string,
  files: ReadonlySet<string>,
  incoming: readonly string[],
): { readonly from: Int32Array; readonly source: Uint8Array } {
  const incomingOf = new Map<string, number[]>();
  incoming.forEach((path, k) => {
    let list = incomingOf.get(path);
    if (!list) incomingOf.set(path, (list = []));
    list.push(k);
  });
  const placed = new Set<string>();
  const from: number[] = [];
  const source: number[] = [];
  const place = (path: string) => {
    if (placed.has(path)) return;
    placed.add(path);
    for (const k of incomingOf.get(path) ?? []) {
      from.push(k);
      source.push(1);
    }
  };
  // Files that had no entries go, in path order, before the first entry whose path sorts after them.
  const hadEntries = new Set<string>();
  for (let i = 0; i < count; i++) if (files.has(pathAt(i))) hadEntries.add(pathAt(i));
  const newFiles = [...incomingOf.keys()].filter((path) => files.has(path) && !hadEntries.has(path)).sort(compareStrings);
  let next = 0;
  for (let i = 0; i < count; i++) {
    const path = pathAt(i);
    while (next < newFiles.length && compareStrings(newFiles[next], path) < 0) place(newFiles[next++]);
    if (files.has(path)) {
      place(path);
      continue;
    }
    from.push(i);
    source.push(0);
  }
  for (const path of newFiles) place(path);
  return { from: Int32Array.from(from), source: Uint8Array.from(source) };
}

export function applyDelta(previous: PackedResult, delta: ResultDelta): PackedResult {
  const { documents } = previous;
  const incoming = Array.from({ length: delta.documents.count }, (_, k) => pathOf(delta.documents, k));
  const plan = spliceFilesPlan(documents.count, (i) => pathOf(documents, i), new Set(delta.files), incoming);
  return { meta: delta.meta, documents: gatherDocuments([documents, delta.documents], plan.from, plan.source) };
}

/** The delta that turns `previous` into `next` (both in the order the editor keeps: files contiguous). */
export function resultDelta(previous: TopicLensResult, next: TopicLensResult): ResultDelta {
  const entriesOf = (documents: readonly DocumentResult[]) => {
    const byPath = new Map<string, DocumentResult[]>();
    for (const doc of documents) {
      let list = byPath.get(doc.path);
      if (!list) byPath.set(doc.path, (list = []));
      list.push(doc);
    }
    return byPath;
  };
  const before = entriesOf(previous.documents);
  const after = entriesOf(next.documents);
  const files = [...new Set([...before.keys(), ...after.keys()])]
    .filter((path) => !sameEntries(before.get(path) ?? [], after.get(path) ?? []))
    .sort(compareStrings);
  return { meta: metaOf(next), files, documents: packDocuments(files.flatMap((path) => after.get(path) ?? [])) };
}

function sameEntries(a: readonly DocumentResult[], b: readonly DocumentResult[]): boolean {
  return a.length === b.length && a.every((doc, i) => sameEntry(doc, b[i]));
}

function sameEntry(a: DocumentResult, b: DocumentResult): boolean {
  return (
    NUMBER_COLUMN_NAMES.every((name) => Object.is(a[name] ?? 0, b[name] ?? 0)) &&
    STRING_COLUMN_NAMES.every((name) => (a[name] ?? null) === (b[name] ?? null)) &&
    a.path === b.path
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- binary form ----------------------------------------------------------------------------------------------

const MAGIC = 'TLPACK01';

type ArrayKind = 'i32' | 'f64' | 'u32' | 'u8';
const ARRAY_TYPES = { i32: Int32Array, f64: Float64Array, u32: Uint32Array, u8: Uint8Array } as const;

/**
 * One self-describing buffer: magic, the length of a JSON header (`header` plus the layout of the arrays), the
 * header, then every array 8-byte aligned. Readers check the magic and the sizes; anything else is the caller's.
 */
export function encodePacked(header: unknown, documents: PackedDocuments): Uint8Array {
  const arrays: { name: string; kind: ArrayKind; view: ArrayBufferView & { length: number } }[] = [
    { name: 'pathIndex', kind: 'i32', view: documents.pathIndex },
    ...NUMBER_COLUMN_NAMES.map((name) => ({ name, kind: documents[name] instanceof Int32Array ? ('i32' as const) : ('f64' as const), view: documents[name] })),
    ...STRING_COLUMN_NAMES.flatMap((name) => [
      { name: `${name}.bytes`, kind: 'u8' as const, view: documents[name].bytes },
      { name: `${name}.ends`, kind: 'u32' as const, view: documents[name].ends },
      ...(documents[name].nulls ? [{ name: `${name}.nulls`, kind: 'u8' as const, view: documents[name].nulls! }] : []),
    ]),
  ];
  const layout = arrays.map(({ name, kind, view }) => ({ name, kind, length: view.length }));
  const json = new TextEncoder().encode(JSON.stringify({ header, count: documents.count, paths: documents.paths, layout }));
  const align = (n: number) => Math.ceil(n / 8) * 8;
  let size = align(MAGIC.length + 4 + json.length);
  const offsets = arrays.map(({ view }) => {
    const at = size;
    size = align(size + view.byteLength);
    return at;
  });
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC));
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  arrays.forEach(({ view }, k) => out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), offsets[k]));
  return out;
}

/** The header and documents of `encodePacked`'s output; throws on anything else. */
export function decodePacked(bytes: Uint8Array): { header: unknown; documents: PackedDocuments } {
  const fail = (why: string): never => {
    throw new Error(`Not a packed Topic Lens result (${why}).`);
  };
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) fail('magic');
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + jsonLength > bytes.length) fail('truncated');
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + jsonLength))) as {
    header: unknown;
    count: number;
    paths: string[];
    layout: { name: string; kind: ArrayKind; length: number }[];
  };
  const align = (n: number) => Math.ceil(n / 8) * 8;
  let at = align(MAGIC.length + 4 + jsonLength);
  const views = new Map<string, ArrayBufferView>();
  for (const { name, kind, length } of parsed.layout) {
    const type = ARRAY_TYPES[kind];
    const byteLength = length * type.BYTES_PER_ELEMENT;
    if (at + byteLength > bytes.length) fail('truncated');
    // A copy: the file's buffer is not aligned for every array, and the columns must own their buffers. (A Node
    // Buffer's own slice() is a view into the whole file.)
    views.set(name, new type(Uint8Array.prototype.slice.call(bytes, at, at + byteLength).buffer));
    at = align(at + byteLength);
  }
  const view = <T extends ArrayBufferView>(name: string): T => (views.get(name) as T | undefined) ?? fail(`no ${name}`);
  const documents = assemble(parsed.count, parsed.paths, view('pathIndex'), [
    ...NUMBER_COLUMN_NAMES.map((name) => [name, view<Int32Array>(name)] as [string, Int32Array]),
    ...STRING_COLUMN_NAMES.map(
      (name) =>
        [
          name,
          {
            bytes: view<Uint8Array>(`${name}.bytes`),
            ends: view<Uint32Array>(`${name}.ends`),
            ...(views.has(`${name}.nulls`) ? { nulls: view<Uint8Array>(`${name}.nulls`) } : {}),
          },
        ] as [string, PackedStrings],
    ),
  ]);
  for (const name of [...NUMBER_COLUMN_NAMES, 'pathIndex'] as const) if (documents[name].length !== parsed.count) fail(`${name} length`);
  return { header: parsed.header, documents };
}
