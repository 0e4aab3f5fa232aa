/**
 * The editor at the scale of a real documentation tree (issue 11), in a real VS Code (code-server) driven by
 * Chromium as a user would:
 *
 *   node --import tsx bench/editor.ts [--tree DIR] [--sections N] [--updates N] [--model ID] [--host-profile FILE]
 *
 * On a copy of the tree (default: N sections of 20 Newsgroups posts written as Markdown files, 34,000 sections;
 * `--tree` takes any folder, e.g. the reST sources of python3.11-doc) it measures, in one run on one machine:
 * - the CLI's wall time on the tree (a fresh embedding cache);
 * - the editor's: from "Topic Lens: Detect Topics" in the palette to the first topic rows in the Topics view and
 *   to the filled map (a fresh embedding cache too);
 * - updates: from writing a file (a new one, then a save of an existing one, alternating) to the Topics view and
 *   the map saying so;
 * - inside the extension host (bench/editor/probe.ts): every stretch its thread was busy for more than 20 ms
 *   (during the run and during the updates), its memory.
 * The extension's own log lines (stage timings, update and audit times) are printed too, with their clock times:
 * an update that waited for the audit before it shows as a gap between the write and its line.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { isChromiumInstalled, launchChromium } from '../scripts/vscode-test/chromium';
import { startCodeServer, workbenchUrl } from '../scripts/vscode-test/code-server';
import { installCodeServer, repoRoot } from '../scripts/vscode-test/install-code-server';
import { activeWebview, runCommand, showView, viewPane, waitForWorkbench } from '../test/e2e/workbench';
import { PROBE_CONTROL_VARIABLE, type Blocked, type ProbeControl, type ProbeFindings } from './editor/control';
import { readNewsgroups } from './corpus';

const { values } = parseArgs({
  options: {
    tree: { type: 'string' },
    sections: { type: 'string', default: '34000' },
    updates: { type: 'string', default: '4' },
    'no-cli': { type: 'boolean' },
    /** The embedding model for the CLI and the editor (topicLens.model in the workspace's settings); default: the default. */
    model: { type: 'string' },
    /** Writes a CPU profile of the extension host's thread over the scenario here (open it in Chrome's DevTools). */
    'host-profile': { type: 'string' },
  },
});

const RUN_TIMEOUT_MS = 20 * 60_000;
const UPDATE_TIMEOUT_MS = 120_000;
const POLL_MS = 25;
/** After a result, the editor may still persist it and the worker settle: updates start after this. */
const SETTLE_MS = 5000;
/** The target: the extension host's thread never busy for longer at a stretch. */
const LONG_TASK_MS = 50;

const line = (cells: (string | number)[]) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(52) : String(c).padStart(14))).join(''));
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 20 Newsgroups posts as `## ` sections of Markdown files, about 70 sections a file (a docs tree's shape). */
async function newsgroupsTree(folder: string, sections: number): Promise<void> {
  const posts = (await readNewsgroups()).filter((d) => d.text.trim().split(/\s+/).length >= 20);
  const perFile = 70;
  for (let file = 0; file * perFile < sections; file++) {
    const group = posts[(file * perFile) % posts.length].label ?? 'misc';
    const dir = path.join(folder, group.replace(/[^\w.-]+/g, '-'));
    mkdirSync(dir, { recursive: true });
    const body: string[] = [`# Notes ${file}`, ''];
    for (let s = file * perFile; s < Math.min(sections, (file + 1) * perFile); s++) {
      const text = posts[s % posts.length].text.trim();
      body.push(
        `## ${text
          .split(/\s+/)
          .slice(0, 6)
          .join(' ')
          .replace(/[#`*_[\]]/g, '')}`,
        '',
        text,
        '',
      );
    }
    writeFileSync(path.join(dir, `notes-${String(file).padStart(4, '0')}.md`), body.join('\n'));
  }
}

function filesOf(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(folder);
  return out.sort();
}

/** A new text from an existing one: every seventh word dropped, so its sections are new texts to embed. */
function perturbed(text: string, salt: number): string {
  return text
    .split('\n')
    .map((row) =>
      row
        .split(' ')
        .filter((_, i) => (i + salt) % 7 !== 3)
        .join(' '),
    )
    .join('\n');
}

async function pollUntil<T>(what: string, read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(POLL_MS);
  }
}

function blockedDuring(blocked: readonly Blocked[], from: number, to: number): Blocked[] {
  return blocked.filter((b) => b.at + b.ms >= from && b.at <= to);
}

function describeBlocks(blocks: readonly Blocked[]): string {
  const long = blocks.filter((b) => b.ms > LONG_TASK_MS);
  const max = blocks.reduce((m, b) => Math.max(m, b.ms), 0);
  return `max ${max.toFixed(0)} ms, ${long.length} > ${LONG_TASK_MS} ms`;
}

/** The "Topic Lens" output channel's log file under code-server's user data. */
function extensionLog(userDataDir: string): string[] {
  const logs = path.join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  const found = filesOf(logs).filter((f) => f.endsWith('Topic Lens.log'));
  return found.length > 0 ? readFileSync(found[found.length - 1], 'utf8').split('\n') : [];
}

async function main(): Promise<void> {
  if (!isChromiumInstalled()) {
    console.log('Editor at scale: skipped (Chromium is missing: apt-get install chromium).');
    return;
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'topic-lens-editor-bench-'));
  const workspace = path.join(scratch, 'tree');
  try {
    if (values.tree) cpSync(path.resolve(values.tree), workspace, { recursive: true });
    else await newsgroupsTree(workspace, Number(values.sections));
    const files = filesOf(workspace);
    if (values.model) {
      mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'topicLens.model': values.model }));
    }
    const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    console.log(
      `\n## The editor at scale (bench/editor.ts): ${values.tree ?? `20 Newsgroups as ${values.sections} sections`}, model ${values.model ?? 'default'}, ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB`,
    );

    let cliSeconds: number | undefined;
    if (!values['no-cli']) {
      const started = Date.now();
      execFileSync(
        process.execPath,
        [
          path.join(repoRoot, 'dist', 'cli.js'),
          workspace,
          '--out',
          path.join(scratch, 'cli'),
          '--cache-dir',
          path.join(scratch, 'cli-cache'),
          '-q',
          ...(values.model ? ['--model', values.model] : []),
        ],
        { stdio: 'inherit' },
      );
      cliSeconds = (Date.now() - started) / 1000;
      const cli = JSON.parse(readFileSync(path.join(scratch, 'cli', 'topics.json'), 'utf8')) as {
        documents: unknown[];
        timings: { stage: string; seconds: number }[];
      };
      line(['CLI: wall seconds (cold embedding cache)', cliSeconds.toFixed(2)]);
      line(['CLI: sections', cli.documents.length]);
      line(['CLI: stages', cli.timings.map((t) => `${t.stage} ${t.seconds.toFixed(1)}`).join(', ')]);
    }

    const control: ProbeControl = {
      doneFile: path.join(scratch, 'probe-done'),
      findingsFile: path.join(scratch, 'probe.json'),
      ...(values['host-profile'] ? { profileFile: path.resolve(values['host-profile']) } : {}),
    };
    const controlFile = path.join(scratch, 'probe-control.json');
    writeFileSync(controlFile, JSON.stringify(control));
    const server = await startCodeServer({ binary: installCodeServer(), env: { [PROBE_CONTROL_VARIABLE]: controlFile } });
    const chromium = await launchChromium();
    let log: string[] = [];
    try {
      const page: Page = await chromium.browser.newPage({ viewport: { width: 1600, height: 1000 } });
      page.setDefaultTimeout(120_000);
      const probeEnded = new Promise<void>((resolve) => void page.exposeFunction('codeAutomationExit', () => resolve()));
      await page.exposeFunction('codeAutomationLog', () => undefined);
      await page.goto(
        workbenchUrl(server.origin, workspace, {
          extensionDevelopmentPath: repoRoot,
          extensionTestsPath: path.join(repoRoot, 'dist', 'bench', 'editorProbe.js'),
        }),
      );
      await waitForWorkbench(page);
      await showView(page, 'Topic Lens', 'Topics');
      await runCommand(page, 'Topic Lens: Open Map');
      const map = activeWebview(page);
      await map.locator('.empty-state').waitFor();
      const topics = viewPane(page, 'Topics');
      const topicRows = topics.locator('.monaco-list-row[aria-level="1"]');
      await sleep(2000);

      // The full run.
      await runCommand(page, 'Topic Lens: Detect Topics');
      const runStarted = Date.now();
      let treeAt: number | undefined;
      let mapAt: number | undefined;
      await pollUntil(
        'the topics in the tree and the map',
        async () => {
          // Top-level rows are topics ("N: w1_w2_w3"), or groups of topics above topicLens.tree.groupAbove.
          treeAt ??= (await topicRows.count()) > 0 ? Date.now() : undefined;
          mapAt ??= /documents · \d+ topics/.test((await map.locator('.summary').textContent({ timeout: 1000 })) ?? '') ? Date.now() : undefined;
          return treeAt && mapAt ? true : undefined;
        },
        RUN_TIMEOUT_MS,
      );
      const runEnded = Math.max(treeAt!, mapAt!);
      await sleep(SETTLE_MS);
      const settled = Date.now();

      // Updates: a new file, then a save of an existing file, alternating.
      const sources = files.filter((f) => statSync(f).size > 8000);
      const updates: { kind: string; tree: number; map: number; from: number; to: number }[] = [];
      const message = topics.locator('.message');
      for (let u = 0; u < Number(values.updates); u++) {
        const before = ((await message.textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
        const beforeNotice = (
          (await map
            .locator('.notice')
            .textContent({ timeout: 1000 })
            .catch(() => '')) ?? ''
        ).trim();
        const source = sources[(u * 37) % sources.length];
        const adding = u % 2 === 0;
        const target = adding ? path.join(path.dirname(source), `added-${u}${path.basename(source).slice(path.basename(source).indexOf('.'))}`) : source;
        const text = adding
          ? perturbed(readFileSync(source, 'utf8'), u)
          : `${readFileSync(source, 'utf8')}\n\nA paragraph saved in edit ${u}: the build configuration now documents the new cache options.\n`;
        const written = Date.now();
        writeFileSync(target, text);
        let tree: number | undefined;
        let mapped: number | undefined;
        await pollUntil(
          `update ${u} in the tree and the map`,
          async () => {
            const now = ((await message.textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
            tree ??= now.includes('Updated incrementally') && now !== before ? Date.now() : undefined;
            const notice = (
              (await map
                .locator('.notice')
                .textContent({ timeout: 1000 })
                .catch(() => '')) ?? ''
            ).trim();
            mapped ??= notice.includes('Updated incrementally') && notice !== beforeNotice ? Date.now() : undefined;
            return tree && mapped ? true : undefined;
          },
          UPDATE_TIMEOUT_MS,
        );
        updates.push({
          kind: adding ? 'add a file' : 'save a file',
          tree: tree! - written,
          map: mapped! - written,
          from: written,
          to: Math.max(tree!, mapped!),
        });
        await sleep(3000);
      }

      writeFileSync(control.doneFile, '');
      await Promise.race([probeEnded, sleep(30_000)]);
      const findings = JSON.parse(readFileSync(control.findingsFile, 'utf8')) as ProbeFindings;
      log = extensionLog(server.userDataDir);

      const treeSeconds = (treeAt! - runStarted) / 1000;
      line(['editor: Detect Topics → topics in the tree, s', treeSeconds.toFixed(2)]);
      line(['editor: Detect Topics → the map filled, s', seconds(mapAt! - runStarted)]);
      if (cliSeconds) line(['editor (tree) / CLI', (treeSeconds / cliSeconds).toFixed(2)]);
      line(['host thread busy during the run', describeBlocks(blockedDuring(findings.blocked, runStarted, runEnded))]);
      line(['host thread busy after the run (persisting)', describeBlocks(blockedDuring(findings.blocked, runEnded, settled))]);
      for (const update of updates) {
        line([`update (${update.kind}): write → tree / map, s`, `${seconds(update.tree)} / ${seconds(update.map)}`]);
        line(['  host thread busy meanwhile', describeBlocks(blockedDuring(findings.blocked, update.from, update.to))]);
      }
      const peak = findings.memory.reduce((m, s) => Math.max(m, s.rssMb), 0);
      const heapAfter = findings.memory.filter((s) => s.at >= settled).map((s) => s.heapUsedMb);
      line(['extension host: peak RSS MB (worker included)', peak.toFixed(0)]);
      line(['extension host thread: heap after the run MB (max)', heapAfter.length ? Math.max(...heapAfter).toFixed(0) : '?']);
      const longest = [...findings.blocked].sort((a, b) => b.ms - a.ms).slice(0, 5);
      line(['longest busy stretches (ms after the command)', longest.map((b) => `${b.ms.toFixed(0)}@${((b.at - runStarted) / 1000).toFixed(1)}s`).join(' ')]);
      console.log('Extension log (timings):');
      for (const entry of log.filter((l) => /topics in|Stage timings|Updated incrementally|Detecting|Audited|audit/.test(l))) console.log(`  ${entry}`);
    } finally {
      await chromium.stop();
      await server.stop();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
