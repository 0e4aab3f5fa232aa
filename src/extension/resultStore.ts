/**
 * The current result and its custom labels, persisted per workspace. The result lives in the extension's workspace
 * storage in binary (packedResult.ts): a snapshot, and after it one small file per incremental update (its delta),
 * folded into a new snapshot now and then. Listeners hear of a new result at once; saving follows, one write at a
 * time, off the way of the views. Labels and how the full run was made live in workspaceState.
 */
import * as vscode from 'vscode';
import { applyDelta, decodePacked, encodePacked, packResult, type PackedResult, type ResultDelta, type ResultMeta } from '../core/packedResult';
import { RESULT_VERSION, type TopicLensResult } from '../core/result';
import { matchLabels, storeLabels, type StoredLabel } from './labels';
import { StoredResult } from './storedResult';

const SNAPSHOT_FILE = 'result.bin';
const DELTA_FILE = /^result-delta-([0-9a-f]+)-(\d+)\.bin$/;
/** Where results were saved as JSON before version 0.2; read once, then replaced by a snapshot. */
const LEGACY_FILE = 'last-result.json';
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

/** What changed: a new result, an incremental update's delta applied to the previous one, or only labels. */
export interface ResultChange {
  readonly result: StoredResult | undefined;
  readonly kind: 'replaced' | 'delta' | 'labels';
  /** With kind 'delta': the delta, and the result it was applied to. */
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
  readonly meta: ResultMeta;
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

  /** Loads the last saved result; a missing, unreadable or older-version file just means no result. */
  async restore(): Promise<void> {
    const packed = await this.persistence?.load();
    if (!packed) return;
    this.result = new StoredResult(packed);
    this.labels = this.matchStoredLabels(this.result);
    this.run = this.state.get<FullRunInfo>(FULL_RUN_KEY);
    this.log.info(`Restored the last result: ${packed.meta.topics.filter((t) => t.id >= 0).length} topics from ${packed.meta.createdAt}.`);
    this.changed.fire({ result: this.result, kind: 'replaced' });
  }

  /** A full run's result: custom labels move to the topics that share most of their documents. */
  async setResult(result: PackedResult, run: FullRunInfo, id?: string): Promise<void> {
    this.run = run;
    await this.state.update(FULL_RUN_KEY, run);
    const stored = new StoredResult(result, id);
    await this.replaceWith(stored, this.matchStoredLabels(stored));
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
    const stored = this.state.get<StoredLabel[]>(LABELS_KEY, []);
    if (this.labels.size > 0 || stored.length > 0) await this.state.update(LABELS_KEY, storeLabels(this.labels, result.identities()));
    this.persistence?.saveSnapshot(result.packed);
  }

  private matchStoredLabels(result: StoredResult): Map<number, string> {
    const stored = this.state.get<StoredLabel[]>(LABELS_KEY, []);
    return stored.length > 0 ? matchLabels(stored, result.identities()) : new Map();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

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
  private snapshotBytes = 0;
  private deltaBytes = 0;

  constructor(
    private readonly folder: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  idle(): Promise<void> {
    return this.queue;
  }

  async load(): Promise<PackedResult | undefined> {
    try {
      const snapshot = await this.read(SNAPSHOT_FILE);
      if (!snapshot) return await this.loadLegacy();
      const { header, documents } = decodePacked(snapshot);
      const { version, generation, meta } = header as SnapshotHeader;
      if (version !== RESULT_VERSION) {
        this.log.info('The saved result has an older format; run Detect Topics again.');
        return undefined;
      }
      let result: PackedResult = { meta, documents };
      const deltas = await this.deltaFiles();
      let sequence = 0;
      for (const file of deltas.filter((d) => d.generation === generation).sort((a, b) => a.sequence - b.sequence)) {
        if (file.sequence !== sequence + 1) break;
        const bytes = await this.read(file.name);
        if (!bytes) break;
        const decoded = decodePacked(bytes);
        const delta = decoded.header as DeltaHeader;
        result = applyDelta(result, { meta: delta.meta, files: delta.files, documents: decoded.documents });
        sequence = file.sequence;
        this.deltaBytes += bytes.length;
      }
      this.generation = generation;
      this.sequence = sequence;
      this.snapshotBytes = snapshot.length;
      // Deltas of other snapshots (left by an interrupted write) are of no use any more.
      for (const stale of deltas.filter((d) => d.generation !== generation || d.sequence > sequence)) void this.remove(stale.name);
      return result;
    } catch (error) {
      this.log.warn(`Could not restore the last result: ${String(error)}`);
      return undefined;
    }
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
      const header: DeltaHeader = { version: RESULT_VERSION, generation: this.generation, sequence, files: delta.files, meta: delta.meta };
      const bytes = encodePacked(header, delta.documents);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.folder, `result-delta-${this.generation}-${sequence}.bin`), bytes);
      this.sequence = sequence;
      this.deltaBytes += bytes.length;
    });
  }

  private async writeSnapshot(): Promise<void> {
    const result = this.latest;
    if (!result) return;
    const generation = Math.floor(Math.random() * 2 ** 48).toString(16);
    const bytes = encodePacked({ version: RESULT_VERSION, generation, meta: result.meta } satisfies SnapshotHeader, result.documents);
    await vscode.workspace.fs.createDirectory(this.folder);
    const staging = vscode.Uri.joinPath(this.folder, `${SNAPSHOT_FILE}.tmp`);
    await vscode.workspace.fs.writeFile(staging, bytes);
    await vscode.workspace.fs.rename(staging, vscode.Uri.joinPath(this.folder, SNAPSHOT_FILE), { overwrite: true });
    this.generation = generation;
    this.sequence = 0;
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

  /** A result saved as JSON by an earlier version: used once, saved again as a snapshot. */
  private async loadLegacy(): Promise<PackedResult | undefined> {
    const bytes = await this.read(LEGACY_FILE);
    if (!bytes) return undefined;
    const saved = JSON.parse(new TextDecoder().decode(bytes)) as TopicLensResult;
    // Version 1 differed only in how the CLI stored `source`; the editor always stored a URI.
    const version: number = saved.version;
    if ((version !== 1 && version !== RESULT_VERSION) || !Array.isArray(saved.documents) || !Array.isArray(saved.topics)) {
      this.log.info('The saved result has an older format; run Detect Topics again.');
      return undefined;
    }
    const packed = packResult({ ...saved, version: RESULT_VERSION });
    this.saveSnapshot(packed);
    return packed;
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
