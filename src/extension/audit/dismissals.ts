/**
 * Findings the user dismissed, by fingerprint, kept per workspace. A fingerprint stays dismissed when its finding
 * is gone from a later audit, so the finding stays hidden if it comes back. Pure apart from the Memento it is
 * given, so it is tested without VS Code.
 */
import type { Memento } from 'vscode';

const DISMISSED_KEY = 'topicLens.audit.dismissed';
/** Oldest dismissals are forgotten beyond this many (workspace state is not meant for unbounded lists). */
export const MAX_DISMISSALS = 10_000;

export class Dismissals {
  private readonly fingerprints: Set<string>;

  constructor(private readonly state: Pick<Memento, 'get' | 'update'>) {
    const stored = state.get<unknown>(DISMISSED_KEY);
    this.fingerprints = new Set(Array.isArray(stored) ? stored.filter((f): f is string => typeof f === 'string') : []);
  }

  has(fingerprint: string): boolean {
    return this.fingerprints.has(fingerprint);
  }

  get size(): number {
    return this.fingerprints.size;
  }

  /** Returns whether anything changed. */
  async dismiss(fingerprints: readonly string[]): Promise<boolean> {
    const added = fingerprints.filter((f) => !this.fingerprints.has(f));
    if (added.length === 0) return false;
    for (const fingerprint of added) this.fingerprints.add(fingerprint);
    // A Set iterates in insertion order: the oldest go first.
    for (const oldest of this.fingerprints) {
      if (this.fingerprints.size <= MAX_DISMISSALS) break;
      this.fingerprints.delete(oldest);
    }
    await this.save();
    return true;
  }

  /** Returns whether anything changed. */
  async undo(fingerprints: readonly string[]): Promise<boolean> {
    const removed = fingerprints.filter((f) => this.fingerprints.delete(f));
    if (removed.length === 0) return false;
    await this.save();
    return true;
  }

  private async save(): Promise<void> {
    await this.state.update(DISMISSED_KEY, [...this.fingerprints]);
  }
}
