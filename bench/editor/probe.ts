/**
 * Runs inside code-server's extension host during the editor-scale benchmark (bundled to dist/bench/editorProbe.js
 * and loaded as VS Code's extension test module, so `run()` is awaited by the workbench). It watches what only
 * the extension host can see: how long its thread was busy at a stretch (a 10 ms timer that fires late was kept
 * waiting by other work: the "long tasks" a user feels as a frozen editor), the process's memory, and when the
 * Topics tree was refreshed. It asks the API for nothing that would cost the thread work (the API's results are
 * objects built on request: watching them would add the very work being measured).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as vscode from 'vscode';
import type { TopicLensApi } from '../../src/extension/api';
import { PROBE_CONTROL_VARIABLE, type Blocked, type MemorySample, type ProbeControl, type ProbeFindings } from './control';

const EXTENSION_ID = 'topic-lens.topic-lens';
const TICK_MS = 10;
/** A late timer by more than this is a stretch of blocking worth recording (the target is 50 ms). */
const RECORD_ABOVE_MS = 20;
const MEMORY_EVERY_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<void> {
  const controlFile = process.env[PROBE_CONTROL_VARIABLE];
  if (!controlFile) throw new Error(`${PROBE_CONTROL_VARIABLE} is not set: run this probe through bench/editor.ts.`);
  const control = JSON.parse(readFileSync(controlFile, 'utf8')) as ProbeControl;
  // The profiler samples this thread from inside: which functions kept it busy (the inspector costs a little).
  const profiler = control.profileFile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }

  const blocked: Blocked[] = [];
  let expected = performance.now() + TICK_MS;
  const ticker = setInterval(() => {
    const now = performance.now();
    const late = now - expected;
    if (late > RECORD_ABOVE_MS) blocked.push({ at: Date.now() - late, ms: late });
    expected = now + TICK_MS;
  }, TICK_MS);

  const memory: MemorySample[] = [];
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    memory.push({ at: Date.now(), rssMb: usage.rss / 2 ** 20, heapUsedMb: usage.heapUsed / 2 ** 20 });
  }, MEMORY_EVERY_MS);

  const extension = vscode.extensions.getExtension<TopicLensApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host.`);
  const api = extension.isActive ? extension.exports : await extension.activate();
  const treeRefreshes: number[] = [];
  const subscription = api.getTopicTree().onDidChangeTreeData(() => treeRefreshes.push(Date.now()));

  while (!existsSync(control.doneFile)) await sleep(200);
  clearInterval(ticker);
  clearInterval(sampler);
  subscription.dispose();
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(control.profileFile!, JSON.stringify(profile));
    profiler.disconnect();
  }
  const findings: ProbeFindings = { blocked, memory, treeRefreshes };
  writeFileSync(control.findingsFile, JSON.stringify(findings));
}
