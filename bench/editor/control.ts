/**
 * What the editor-scale benchmark (bench/editor.ts) and its probe inside the extension host (bench/editor/probe.ts)
 * tell each other: a JSON file named by an environment variable (the extension host inherits code-server's
 * environment), and the probe's findings written back as JSON.
 */

export const PROBE_CONTROL_VARIABLE = 'TOPIC_LENS_BENCH_PROBE';

export interface ProbeControl {
  /** The benchmark creates this file when its scenario is over: the probe then writes its findings and ends. */
  readonly doneFile: string;
  readonly findingsFile: string;
  /** Where to write a CPU profile of the extension host's thread over the whole scenario (a .cpuprofile), if asked. */
  readonly profileFile?: string;
}

/** A stretch of time in which the extension host's thread ran no timer: it was busy with other work. */
export interface Blocked {
  /** Date.now() when the stretch began. */
  readonly at: number;
  readonly ms: number;
}

export interface MemorySample {
  readonly at: number;
  /** The whole extension host process (the pipeline worker is a thread of it). */
  readonly rssMb: number;
  /** The extension host thread's own JavaScript heap. */
  readonly heapUsedMb: number;
}

export interface ProbeFindings {
  readonly blocked: readonly Blocked[];
  readonly memory: readonly MemorySample[];
  /** Date.now() of every tree refresh event (the Topics view re-reads its rows). */
  readonly treeRefreshes: readonly number[];
}
