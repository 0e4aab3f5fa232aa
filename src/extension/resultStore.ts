/**
 * The current result and its custom labels, persisted per workspace. The result lives in the extension's workspace
 * storage in binary (packedResult.ts): a snapshot, and after it one small file per incremental update (its delta),
 * folded into a new snapshot now and then. Listeners hear of a new result at once; saving follows, one write at a
 * time, off the way of the views. Labels and how the full run was made live in workspaceState. What is read back
 * is checked like any saved result (savedResult.ts): what is intact of a damaged one is kept.
 */
import * as vscode from 'vscode';
import {
  applyDelta,
  decodePacked,
  encodePacked,
  packDocuments,
  packResult,
  unpackDocuments,
  type PackedResult,
  type ResultDelta,
  type ResultMeta,
} from '../core/packedResult';
import type { AuditReport } from '../core/audit/report';
import { RESULT_VERSION } from '../core/result';
import { checkSavedResult, upgradeSavedResult } from '../core/savedResult';
import { checkStoredLabels, matchLabels, storeLabels, type StoredLabel } from './labels';
import { StoredResult } from './storedResult';

const SNAPSHOT_FILE = 'result.bin';
const DAMAGED_SNAPSHOT_FILE = 'result.damaged.bin';
const DELTA_FILE = /^result-delta-([0-9a-f]+)-(\d+)\.bin$/;
/** Where results were saved as JSON before; read once, then replaced by a snapshot. */
const LEGACY_FILE = 'last-result.json';
const DAMAGED_LEGACY_FILE = 'last-result.damaged.json';
const LABELS_KEY = 'topicLens.labels';
const FULL_RUN_KEY = 'topicLens.fullRun';
/** Deltas are folded into a new snapshot once there are this many, or once they weigh this share of the snapshot. */
const MAX_DELTAS = 32;
const MAX_DELTA_SHARE = 0.5;

/** How the full run behind the current result was made, so incremental updates can make it the same way. */
export interface FullRunInfo {
  /** `resultFingerprint` of the settings it ran with. */
  readonly settings: string;
  /** The bundled model stood in for the configured one (which failed to load). */
  readonly usedBundledModel: boolean;
}

function isFullRunInfo(value: unknown): value is FullRunInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FullRunInfo).settings === 'string' &&
    typeof (value as FullRunInfo).usedBundledModel === 'boolean'
  );
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What changed: a new result, an incremental update's delta applied to the previous one, only its audit (the same
 * documents and topics, new findings), or only labels.
 */
export interface ResultChange {
  readonly result: StoredResult | undefined;
  readonly kind: 'replaced' | 'delta' | 'audit' | 'labels';
  /** With kind 'delta' or 'audit': the result before (with 'delta', and the delta applied to it). */
  readonly delta?: ResultDelta;
  readonly previous?: StoredResult;
}

interface SnapshotHeader {
  readonly version: typeof RESULT_VERSION;
  /** Deltas name the snapshot they apply to. */
  readonly generation: string;
  readonly meta: ResultMeta;
}

interface DeltaHeader {
  readonly version: typeof RESULT_VERSION;
  readonly generation: string;
  readonly sequence: number;
  readonly files: readonly string[];
  /** The whole meta after the delta (an update's), or… */
  readonly meta?: ResultMeta;
  /** …only the meta fields the delta set (an audit arriving), the others being the previous result's; */
  readonly metaChanges?: Partial<ResultMeta>;
  /** and the fields it removed. */
  readonly metaRemoved?: readonly string[];
}

/** The result's meta after a saved delta. */
function metaAfter(previous: ResultMeta, delta: DeltaHeader): ResultMeta {
  if (delta.meta) return delta.meta;
  if (typeof delta.metaChanges !== 'object' || delta.metaChanges === null) throw new Error('a delta without meta');
  const meta: Record<string, unknown> = { ...previous, ...delta.metaChanges };
  for (const key of delta.metaRemoved ?? []) delete meta[key];
  return meta as unknown as ResultMeta;
}

/**
 * What a delta must say of the meta after it, given the meta saved before it: only the fields that are not the
 * very same values (the audit that arrives after the topics leaves them as they were, and writing them again
 * cost the host's thread hundreds of milliseconds of JSON at 500 topics).
 */
function metaPart(saved: ResultMeta | undefined, meta: ResultMeta): Pick<DeltaHeader, 'meta' | 'metaChanges' | 'metaRemoved'> {
  if (!saved) return { meta };
  const before = saved as unknown as Record<string, unknown>;
  const after = meta as unknown as Record<string, unknown>;
  const changed = Object.keys(after).filter((key) => !Object.is(before[key], after[key]));
  const removed = Object.keys(before).filter((key) => !(key in after));
  if (changed.length + removed.length >= Object.keys(after).length / 2) return { meta };
  return { metaChanges: Object.fromEntries(changed.map((key) => [key, after[key]])) as Partial<ResultMeta>, metaRemoved: removed };
}

export class ResultStore implements vscode.Disposable {
  private result: StoredResult | undefined;
  private labels = new Map<number, string>();
  private run: FullRunInfo | undefined;
  private readonly changed = new vscode.EventEmitter<ResultChange>();
  /** Fires after the result or a label changed. */
  readonly onDidChange = this.changed.event;
  private readonly persistence: Persistence | undefined;

  constructor(
    storageFolder: vscode.Uri | undefined,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.persistence = storageFolder && new Persistence(storageFolder, log);
  }

  get current(): StoredResult | undefined {
    return this.result;
  }

  get customLabels(): ReadonlyMap<number, string> {
    return this.labels;
  }

  /** The full run the current result comes from (undefined for results saved by older versions). */
  get fullRun(): FullRunInfo | undefined {
    return this.run;
  }

  /**
   * Loads the last saved result, keeping what is intact of a damaged one (see checkSavedResult). Returns the one
   * message for the user when something was lost; nothing saved, or an older format, just means no result.
   */
  async restore(): Promise<string | undefined> {
    const loaded = await this.persistence?.load();
    if (!loaded || loaded.kind === 'none') return undefined;
    if (loaded.kind === 'unreadable') return 'Topic Lens could not read the last topics. Run Detect Topics to find them again.';
    if (loaded.kind === 'damaged') return 'Topic Lens could not restore the last topics: the saved result is damaged. Run Detect Topics to find them again.';
    const saved = checkSavedResult(upgradeSavedResult(loaded.value));
    if (saved.kind === 'other-version') {
      this.log.info('The saved result has an older format; run Detect Topics again.');
      return undefined;
    }
    if (saved.kind === 'damaged') return this.persistence!.setAside(saved.why);

    const labels = checkStoredLabels(this.state.get<unknown>(LABELS_KEY));
    const run = this.state.get<unknown>(FULL_RUN_KEY);
    const runOk = isFullRunInfo(run);
    this.result = new StoredResult(packResult(saved.result));
    this.labels = labels.labels.length > 0 ? matchLabels(labels.labels, this.result.identities()) : new Map();
    this.run = runOk ? run : undefined;
    this.log.info(`Restored the last result: ${saved.result.topics.filter((t) => t.id >= 0).length} topics from ${saved.result.createdAt}.`);
    this.changed.fire({ result: this.result, kind: 'replaced' });
    // What was read back (a legacy JSON file, or parts dropped) is saved again in the current form.
    if (loaded.kind === 'legacy' || saved.dropped.documents + saved.dropped.topics > 0) this.persistence!.saveSnapshot(this.result.packed);

    const { documents, topics, entries, parts } = saved.dropped;
    const lost = [
      ...(documents > 0 ? [count(documents, 'damaged document')] : []),
      ...(topics > 0 ? [count(topics, 'damaged topic')] : []),
      ...(labels.dropped > 0 ? [count(labels.dropped, 'custom label')] : []),
    ];
    const details = [
      ...(entries > 0 ? [count(entries, 'entry of the report', 'entries of the report')] : []),
      ...parts,
      ...(run !== undefined && !runOk ? ['how the last full run was made'] : []),
    ];
    if (lost.length + details.length === 0) return undefined;
    this.log.warn(`The saved result was damaged; restored it without ${[...lost, ...details].join(', ')}.`);
    const what = lost.length > 0 ? `${lost.join(', ')}${details.length > 0 ? ' and some details (see the log)' : ''}` : 'some details (see the log)';
    return `Topic Lens restored the last topics without ${what}. Run Detect Topics to compute them again.`;
  }

  /** A full run's result: custom labels move to the topics that share most of their documents. */
  async setResult(result: PackedResult, run: FullRunInfo, id?: string): Promise<void> {
    this.run = run;
    await this.state.update(FULL_RUN_KEY, run);
    const stored = new StoredResult(result, id);
    const labels = this.state.get<StoredLabel[]>(LABELS_KEY, []);
    await this.replaceWith(stored, labels.length > 0 ? matchLabels(labels, stored.identities()) : new Map());
  }

  /** A result derived from the current one (a merge), with its labels given explicitly. */
  async replace(result: PackedResult, labels: ReadonlyMap<number, string>, id?: string): Promise<void> {
    await this.replaceWith(new StoredResult(result, id), labels);
  }

  /** An incremental update of the current result: labels stay with their topic ids. */
  async applyDelta(delta: ResultDelta, id?: string): Promise<void> {
    const previous = this.result;
    if (!previous) return;
    this.result = new StoredResult(applyDelta(previous.packed, delta), id);
    this.changed.fire({ result: this.result, kind: 'delta', delta, previous });
    if (this.labels.size > 0) await this.state.update(LABELS_KEY, storeLabels(this.labels, this.result.identities()));
    this.persistence?.saveDelta(this.result.packed, delta);
  }

  /**
   * The audit of the current result, which arrives after its topics (null: the audit failed, no findings). Saved
   * like an update that changed no file.
   */
  setAudit(audit: AuditReport | null): void {
    const previous = this.result;
    if (!previous) return;
    const meta: { -readonly [K in keyof ResultMeta]: ResultMeta[K] } = { ...previous.meta, audit: audit ?? undefined };
    if (!audit) delete meta.audit;
    this.result = new StoredResult({ meta, documents: previous.packed.documents }, previous.id);
    this.changed.fire({ result: this.result, kind: 'audit', previous });
    this.persistence?.saveDelta(this.result.packed, { meta, files: [], documents: packDocuments([]) });
  }

  /** Sets or (with an empty label) clears a topic's custom label. */
  async rename(topic: number, label: string): Promise<void> {
    if (!this.result) return;
    if (label.trim() === '') this.labels.delete(topic);
    else this.labels.set(topic, label.trim());
    await this.state.update(LABELS_KEY, storeLabels(this.labels, this.result.identities()));
    this.changed.fire({ result: this.result, kind: 'labels' });
  }

  /** The folder the result was computed for. */
  sourceUri(): vscode.Uri | undefined {
    return this.result ? vscode.Uri.parse(this.result.meta.source, true) : undefined;
  }

  /** A document's file, from its path in the result. */
  documentUri(path: string): vscode.Uri | undefined {
    const root = this.sourceUri();
    return root ? vscode.Uri.joinPath(root, ...path.split('/')) : undefined;
  }

  /** Resolves when everything handed to the store so far is saved. */
  saved(): Promise<void> {
    return this.persistence?.idle() ?? Promise.resolve();
  }

  private async replaceWith(result: StoredResult, labels: ReadonlyMap<number, string>): Promise<void> {
    this.result = result;
    this.labels = new Map(labels);
    // Listeners hear of the new result as soon as `current` returns it; saving it can take a moment.
    this.changed.fire({ result, kind: 'replaced' });
    const stored = this.state.get<unknown>(LABELS_KEY);
    if (this.labels.size > 0 || (Array.isArray(stored) && stored.length > 0))
      await this.state.update(LABELS_KEY, storeLabels(this.labels, result.identities()));
    this.persistence?.saveSnapshot(result.packed);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

type Loaded =
  | { readonly kind: 'none' }
  /** The files are there but could not be read (permissions…). */
  | { readonly kind: 'unreadable' }
  /** Not a saved result at all (cut off, garbage): moved aside already. */
  | { readonly kind: 'damaged' }
  /** The result as objects, to be checked: from the snapshot and its deltas, or from a legacy JSON file. */
  | { readonly kind: 'current' | 'legacy'; readonly value: unknown };

/**
 * The files of the saved result. Writes run one after another; a snapshot waiting to be written makes the writes
 * queued before it pointless, so they are dropped. A delta names the snapshot it follows (its generation) and its
 * place after it, so a crash between writes leaves either the old or the new state readable, never a mix.
 */
class Persistence {
  private queue: Promise<void> = Promise.resolve();
  /** Bumped by every snapshot request: queued writes of an older epoch are skipped. */
  private epoch = 0;
  /** The newest result handed in: what a snapshot writes. */
  private latest: PackedResult | undefined;
  private generation: string | undefined;
  private sequence = 0;
  /** The meta of the last snapshot or delta written (what the next delta's meta is told against). */
  private savedMeta: ResultMeta | undefined;
  private snapshotBytes = 0;
  private deltaBytes = 0;
  /** The file `load` read, which `setAside` moves away when its contents turn out to be no result. */
  private loadedFile: { readonly name: string; readonly damagedName: string } | undefined;

  constructor(
    private readonly folder: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  idle(): Promise<void> {
    return this.queue;
  }

  async load(): Promise<Loaded> {
    try {
      const snapshot = await this.read(SNAPSHOT_FILE);
      if (snapshot) return await this.loadSnapshot(snapshot);
      const legacy = await this.read(LEGACY_FILE);
      if (!legacy) return { kind: 'none' };
      this.loadedFile = { name: LEGACY_FILE, damagedName: DAMAGED_LEGACY_FILE };
      try {
        return { kind: 'legacy', value: JSON.parse(new TextDecoder().decode(legacy)) as unknown };
      } catch (error) {
        await this.setAside(`it is not valid JSON, perhaps cut off (${error instanceof Error ? error.message : String(error)})`);
        return { kind: 'damaged' };
      }
    } catch (error) {
      this.log.warn(`Could not read the saved result in ${this.folder.fsPath}: ${String(error)}`);
      return { kind: 'unreadable' };
    }
  }

  private async loadSnapshot(snapshot: Uint8Array): Promise<Loaded> {
    this.loadedFile = { name: SNAPSHOT_FILE, damagedName: DAMAGED_SNAPSHOT_FILE };
    let result: PackedResult;
    let generation: string;
    try {
      const { header, documents } = decodePacked(snapshot);
      const snapshotHeader = header as SnapshotHeader;
      if (typeof snapshotHeader !== 'object' || snapshotHeader === null || typeof snapshotHeader.generation !== 'string') throw new Error('no snapshot header');
      if (snapshotHeader.version !== RESULT_VERSION) return { kind: 'current', value: { version: snapshotHeader.version } };
      generation = snapshotHeader.generation;
      result = { meta: snapshotHeader.meta, documents };
    } catch (error) {
      await this.setAside(error instanceof Error ? error.message : String(error));
      return { kind: 'damaged' };
    }
    // The updates since the snapshot, in order; the first unreadable one ends them (later ones build on it).
    const deltas = await this.deltaFiles();
    let sequence = 0;
    for (const file of deltas.filter((d) => d.generation === generation).sort((a, b) => a.sequence - b.sequence)) {
      if (file.sequence !== sequence + 1) break;
      try {
        const bytes = await this.read(file.name);
        if (!bytes) break;
        const decoded = decodePacked(bytes);
        const delta = decoded.header as DeltaHeader;
        result = applyDelta(result, { meta: metaAfter(result.meta, delta), files: delta.files, documents: decoded.documents });
        this.deltaBytes += bytes.length;
        sequence = file.sequence;
      } catch (error) {
        this.log.warn(`Left out the saved updates from ${file.name} on (${String(error)}): the topics are restored as they were before.`);
        break;
      }
    }
    this.generation = generation;
    this.sequence = sequence;
    this.snapshotBytes = snapshot.length;
    // Deltas of other snapshots (left by an interrupted write) or after an unreadable one are of no use.
    for (const stale of deltas.filter((d) => d.generation !== generation || d.sequence > sequence)) void this.remove(stale.name);
    return { kind: 'current', value: { ...result.meta, documents: unpackDocuments(result.documents) } };
  }

  /** A saved result that cannot be used is moved aside (so it is reported once, and kept for a look). */
  async setAside(why: string): Promise<string> {
    const file = this.loadedFile;
    if (file) {
      const aside = vscode.Uri.joinPath(this.folder, file.damagedName);
      await vscode.workspace.fs.rename(vscode.Uri.joinPath(this.folder, file.name), aside, { overwrite: true }).then(
        () => this.log.warn(`The saved result is damaged (${why}); moved it to ${aside.fsPath}.`),
        (error: unknown) => this.log.warn(`The saved result is damaged (${why}) and could not be moved aside: ${String(error)}`),
      );
      for (const delta of await this.deltaFiles()) await this.remove(delta.name);
    }
    return 'Topic Lens could not restore the last topics: the saved result is damaged. Run Detect Topics to find them again.';
  }

  saveSnapshot(result: PackedResult): void {
    this.latest = result;
    const epoch = ++this.epoch;
    this.enqueue(epoch, () => this.writeSnapshot());
  }

  /** `result` is the result after `delta`. */
  saveDelta(result: PackedResult, delta: ResultDelta): void {
    this.latest = result;
    const epoch = this.epoch;
    this.enqueue(epoch, async () => {
      if (this.generation === undefined || this.sequence + 1 > MAX_DELTAS || this.deltaBytes > MAX_DELTA_SHARE * this.snapshotBytes) {
        // Folded into a snapshot of the latest result: the deltas queued after this one are in it too.
        this.epoch++;
        await this.writeSnapshot();
        return;
      }
      const sequence = this.sequence + 1;
      const header: DeltaHeader = {
        version: RESULT_VERSION,
        generation: this.generation,
        sequence,
        files: delta.files,
        ...metaPart(this.savedMeta, delta.meta),
      };
      const bytes = encodePacked(header, delta.documents);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.folder, `result-delta-${this.generation}-${sequence}.bin`), bytes);
      this.sequence = sequence;
      this.savedMeta = delta.meta;
      this.deltaBytes += bytes.length;
    });
  }

  private async writeSnapshot(): Promise<void> {
    const result = this.latest;
    if (!result) return;
    const generation = Math.floor(Math.random() * 2 ** 48).toString(16);
    const bytes = encodePacked({ version: RESULT_VERSION, generation, meta: result.meta } satisfies SnapshotHeader, result.documents);
    await vscode.workspace.fs.createDirectory(this.folder);
    // Written whole, then renamed over the last one: a crash mid-write leaves the previous result intact.
    const staging = vscode.Uri.joinPath(this.folder, `${SNAPSHOT_FILE}.tmp`);
    await vscode.workspace.fs.writeFile(staging, bytes);
    await vscode.workspace.fs.rename(staging, vscode.Uri.joinPath(this.folder, SNAPSHOT_FILE), { overwrite: true });
    this.generation = generation;
    this.sequence = 0;
    this.savedMeta = result.meta;
    this.snapshotBytes = bytes.length;
    this.deltaBytes = 0;
    for (const stale of await this.deltaFiles()) await this.remove(stale.name);
    await this.remove(LEGACY_FILE);
  }

  private enqueue(epoch: number, write: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (epoch !== this.epoch) return;
      try {
        await write();
      } catch (error) {
        this.log.warn(`Could not save the result for the next session: ${String(error)}`);
        // What is on disk may now lag behind: the next save starts over from a snapshot.
        this.generation = undefined;
      }
    });
  }

  private async read(name: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.folder, name));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  private async deltaFiles(): Promise<{ name: string; generation: string; sequence: number }[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.folder);
    } catch {
      return [];
    }
    return entries.flatMap(([name]) => {
      const match = DELTA_FILE.exec(name);
      return match ? [{ name, generation: match[1], sequence: Number(match[2]) }] : [];
    });
  }

  private async remove(name: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder, name));
    } catch {
      // Already gone.
    }
  }
}
