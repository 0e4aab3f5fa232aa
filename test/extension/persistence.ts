/** What the first phase saves (persistence.itest.ts) and the afterReload phase compares with. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { TopicLensResult } from '../../src/core/result';
import type { TopicLensApi } from '../../src/extension/api';
import { readSuiteControl } from './control';

export interface PersistedState {
  readonly createdAt: string;
  readonly documents: number;
  readonly topics: readonly (readonly [id: number, count: number])[];
  readonly labels: readonly (readonly [id: number, label: string])[];
  /** The whole result, as the API gives it. */
  readonly result: TopicLensResult;
}

export function currentState(api: TopicLensApi): PersistedState | undefined {
  const result = api.getResult();
  if (!result) return undefined;
  return {
    createdAt: result.createdAt,
    documents: result.documents.length,
    topics: result.topics.map((t) => [t.id, t.count] as const),
    labels: [...api.getCustomLabels()].sort((a, b) => a[0] - b[0]),
    // Through JSON, as the handoff file keeps it.
    result: JSON.parse(JSON.stringify(result)) as TopicLensResult,
  };
}

export function saveHandoff(state: PersistedState): void {
  writeFileSync(readSuiteControl().handoffFile, JSON.stringify(state));
}

export function readHandoff(): PersistedState {
  return JSON.parse(readFileSync(readSuiteControl().handoffFile, 'utf8')) as PersistedState;
}
