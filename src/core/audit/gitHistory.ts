/**
 * When each file last changed, from one pass over `git log` (newest commit first; the first time a path appears
 * is its last change). The walk stops as soon as every wanted file has been seen. Never throws for git's sake:
 * a folder outside a work tree, or no git at all, gives a reason instead.
 */
import { spawn } from 'node:child_process';
import { throwIfAborted, type RunControl } from '../control';

export type FileHistory =
  | {
      readonly available: true;
      /** Where the folder is in its repository ("" at the top, else e.g. "docs/"). */
      readonly prefix: string;
      /** Unix seconds of the last commit that changed each wanted file that git knows. */
      readonly lastChange: ReadonlyMap<string, number>;
      /** Wanted files no commit touches (new, untracked or ignored). */
      readonly uncommitted: readonly string[];
      /**
       * Files dated by the oldest commit of a shallow clone: that commit lists every file it holds, so their real
       * last change is this date or earlier.
       */
      readonly atOrBefore: ReadonlySet<string>;
    }
  | { readonly available: false; readonly reason: string };

export interface GitOptions {
  /** The git executable (default "git" on the PATH). */
  readonly git?: string;
}

/** A commit line: hash, commit time, parent hashes (none for a root commit or a shallow clone's boundary). */
const HEADER = /^[0-9a-f]{40,64}\t(\d+)\t([0-9a-f ]*)$/;
/** Settings that could make git run other programs or touch the index are turned off: this is a read-only walk. */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'log.showSignature=false', '-c', 'core.quotePath=false', '-c', 'diff.external='];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: NodeJS.ErrnoException;
}

/** Runs git to the end, or until `onChunk` returns false (then stops it). */
function runGit(git: string, args: readonly string[], cwd: string, control: RunControl, onChunk?: (chunk: string) => boolean): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(git, [...SAFE_CONFIG, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    const stop = () => {
      stopped = true;
      child.kill();
    };
    control.signal?.addEventListener('abort', stop, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stopped) return;
      if (onChunk) {
        if (!onChunk(chunk)) stop();
      } else stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: null, stdout, stderr, error }));
    child.on('close', (code) => {
      control.signal?.removeEventListener('abort', stop);
      resolve({ code: stopped ? 0 : code, stdout, stderr });
    });
  });
}

function unavailable(run: Run, git: string): FileHistory {
  if (run.error?.code === 'ENOENT') return { available: false, reason: `git is not installed (no "${git}" on the PATH).` };
  if (run.error) return { available: false, reason: `git could not be started (${run.error.message}).` };
  const message = run.stderr.trim().split('\n')[0] || `git exited with code ${run.code}`;
  return { available: false, reason: /not a git repository/i.test(message) ? 'The folder is not in a git work tree.' : `git failed: ${message}` };
}

/**
 * The last change of each of `paths` (relative to `root`, forward slashes) as git records it. Paths git does
 * not know are listed as uncommitted.
 */
export async function readFileHistory(root: string, paths: ReadonlySet<string>, options: GitOptions = {}, control: RunControl = {}): Promise<FileHistory> {
  const git = options.git ?? 'git';
  const probe = await runGit(git, ['rev-parse', '--is-inside-work-tree', '--show-prefix', '--is-shallow-repository'], root, control);
  throwIfAborted(control.signal);
  if (probe.error || probe.code !== 0) return unavailable(probe, git);
  const [inside, prefix = '', shallow] = probe.stdout.split('\n');
  if (inside.trim() !== 'true') return { available: false, reason: 'The folder is not in a git work tree.' };

  const isShallow = shallow?.trim() === 'true';
  const lastChange = new Map<string, number>();
  const atOrBefore = new Set<string>();
  let time = 0;
  let boundary = false;
  let rest = '';
  const log = await runGit(git, ['log', '--format=%H%x09%ct%x09%P', '--name-only', '--no-renames', '-z', '--', '.'], root, control, (chunk) => {
    const tokens = (rest + chunk).split('\0');
    rest = tokens.pop()!;
    for (const token of tokens) {
      const header = HEADER.exec(token);
      if (header) {
        time = Number(header[1]);
        boundary = isShallow && header[2].trim() === '';
        continue;
      }
      const name = token.startsWith('\n') ? token.slice(1) : token;
      if (name === '' || !name.startsWith(prefix)) continue;
      const path = name.slice(prefix.length);
      if (!paths.has(path) || lastChange.has(path)) continue;
      lastChange.set(path, time);
      if (boundary) atOrBefore.add(path);
    }
    return lastChange.size < paths.size;
  });
  throwIfAborted(control.signal);
  // A repository without commits makes `git log` fail: every file is then uncommitted.
  if (log.error) return unavailable(log, git);
  const uncommitted = [...paths].filter((path) => !lastChange.has(path)).sort();
  return { available: true, prefix, lastChange, uncommitted, atOrBefore };
}
