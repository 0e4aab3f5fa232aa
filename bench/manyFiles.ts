/**
 * A workspace of many small files (default 100,000) in a temp folder: the CLI reader's discovery alone and
 * discovery + reading, against a bare walk that lists and reads every file (the least any reader does), with
 * the RSS each leaves. In its own process, so the peak RSS is its own; skipped when the disk is short.
 *
 *   node --import tsx bench/manyFiles.ts [count]
 */
import { mkdirSync, mkdtempSync, promises as fs, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discoverFiles } from '../src/core/documents/discover';
import { readFolder } from '../src/core/documents/folder';
import { seededRandom } from '../src/core/random';

const count = Number(process.argv[2] ?? 100_000);
const FILES_PER_FOLDER = 100;
/** Room asked for per file: a 4 KB block, its inode, and the folders' share. */
const BYTES_PER_FILE = 5 * 1024;
const WORDS = 'topic model document cluster embedding vector section heading reader folder index search query token word'.split(' ');

const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const line = (cells: (string | number)[]) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(46) : String(c).padStart(14))).join(''));

/** Why the disk under `folder` cannot take `count` files, or null when it can. */
function shortOfDisk(folder: string): string | null {
  const disk = statfsSync(folder);
  const freeBytes = disk.bavail * disk.bsize;
  const neededBytes = count * BYTES_PER_FILE * 2;
  if (freeBytes < neededBytes) return `${(freeBytes / 2 ** 30).toFixed(1)} GB free in ${folder}, ${(neededBytes / 2 ** 30).toFixed(1)} GB wanted`;
  if (disk.ffree < count * 2) return `${disk.ffree} free inodes in ${folder}, ${count * 2} wanted`;
  return null;
}

/** `count` Markdown files of a heading and 20–60 words, 100 to a folder, folders two levels deep. */
function buildTree(root: string): void {
  const random = seededRandom(3);
  for (let i = 0; i < count; i++) {
    const folder = Math.floor(i / FILES_PER_FOLDER);
    const dir = path.join(root, `part-${Math.floor(folder / 100)}`, `folder-${folder % 100}`);
    if (i % FILES_PER_FOLDER === 0) mkdirSync(dir, { recursive: true });
    const words = Array.from({ length: 20 + Math.floor(random() * 40) }, () => WORDS[Math.floor(random() * WORDS.length)]);
    writeFileSync(path.join(dir, `note-${i}.md`), `# Note ${i}\n\n${words.join(' ')}\n`);
  }
}

/** Lists every folder and reads every file, nothing else: the floor for any reader. */
async function bareWalk(folder: string): Promise<number> {
  let files = 0;
  for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) files += await bareWalk(child);
    else {
      await fs.readFile(child);
      files++;
    }
  }
  return files;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  console.log(`\n## A workspace of ${count.toLocaleString('en')} small files (the CLI reader; page cache warm from building it)`);
  const short = shortOfDisk(tmpdir());
  if (short !== null) {
    console.log(`Skipped: ${short}.`);
    return;
  }
  const root = mkdtempSync(path.join(tmpdir(), 'topic-lens-many-files-'));
  try {
    const built = await timed(async () => buildTree(root));
    line(['building the tree s', built.seconds.toFixed(1)]);
    const rssBefore = rssMb();
    const bare = await timed(() => bareWalk(root));
    line(['bare walk (list + read every file) s', bare.seconds.toFixed(2)]);
    const discovery = await timed(async () => {
      let files = 0;
      for await (const entry of discoverFiles(root, { maxFiles: Infinity })) if (entry.kind === 'file') files++;
      return files;
    });
    line(['discovery only s', discovery.seconds.toFixed(2)]);
    line(['  RSS after discovery MB', rssMb()]);
    const read = await timed(() => readFolder(root, { maxFiles: Infinity }));
    line(['discovery + reading (readFolder) s', read.seconds.toFixed(2)]);
    // Again after, so the floor does not carry the first pass's warm-up.
    const bareAgain = await timed(() => bareWalk(root));
    line(['  / bare walk (the faster of two)', (read.seconds / Math.min(bare.seconds, bareAgain.seconds)).toFixed(2)]);
    line(['  files / s', Math.round(count / read.seconds)]);
    line(['  documents, skipped', `${read.value.documents.length}, ${read.value.skipped.length}`]);
    line(['  RSS holding the documents MB', `${rssMb()} (${rssBefore} before)`]);
    line(['peak RSS of the process MB', Math.round(process.resourceUsage().maxRSS / 1024)]);
    if (bare.value !== count || discovery.value !== count || read.value.documents.length !== count) {
      throw new Error(`Expected ${count} files everywhere: bare ${bare.value}, discovered ${discovery.value}, documents ${read.value.documents.length}.`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
