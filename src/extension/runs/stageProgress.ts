/** One monotonic percentage for a run's notification, from the worker's stage events. */
import type * as vscode from 'vscode';
import { STAGE_TITLES, type StageName } from '../../core/control';

export type ProgressStage = 'find' | StageName;

/** Share of the progress bar per stage, roughly their share of a typical run's time. */
const STAGES: readonly { readonly stage: ProgressStage; readonly title: string; readonly weight: number }[] = [
  { stage: 'find', title: 'Finding files', weight: 2 },
  { stage: 'read', title: STAGE_TITLES.read, weight: 8 },
  { stage: 'embed', title: STAGE_TITLES.embed, weight: 42 },
  { stage: 'umap', title: STAGE_TITLES.umap, weight: 23 },
  { stage: 'cluster', title: STAGE_TITLES.cluster, weight: 5 },
  { stage: 'represent', title: STAGE_TITLES.represent, weight: 8 },
  { stage: 'map', title: STAGE_TITLES.map, weight: 7 },
  { stage: 'audit', title: STAGE_TITLES.audit, weight: 5 },
];

/** Turns stage events into one monotonic percentage for `withProgress` (which only takes increments). */
export class StageProgress {
  private reported = 0;
  constructor(
    private readonly progress: vscode.Progress<{ message?: string; increment?: number }>,
    /** The worker loads the embedding model after reading (detection does, merging does not). */
    private readonly loadsModel: boolean,
  ) {}

  update(stage: ProgressStage, done: number, total: number, detail?: string): void {
    const index = STAGES.findIndex((s) => s.stage === stage);
    const before = STAGES.slice(0, index).reduce((sum, s) => sum + s.weight, 0);
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const percent = Math.max(this.reported, before + STAGES[index].weight * fraction);
    const increment = percent - this.reported;
    this.reported = percent;
    // Between reading and the first embedding batch the model loads: say so rather than look stuck.
    const title = this.loadsModel && stage === 'read' && done >= total ? 'Loading the embedding model' : STAGES[index].title;
    this.progress.report({ message: `${title}… ${Math.floor(percent)}%${detail ? ` (${detail})` : ''}`, increment });
  }
}
