/**
 * Results saved by earlier versions (the extension keeps the last one per workspace), brought to the current
 * schema where nothing has to be guessed. Version 1 had no hierarchy and no topic reduction: it reads as a result
 * without a hierarchy, which a new run (or an incremental update) adds.
 */
import { RESULT_VERSION, type TopicLensResult } from './result';

export interface UpgradedResult {
  readonly result: TopicLensResult;
  /** The version it was saved with, when older than RESULT_VERSION. */
  readonly upgradedFrom?: number;
}

/** undefined when `saved` is not a result this version can read (unknown version, or not a result at all). */
export function upgradeResult(saved: unknown): UpgradedResult | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const value = saved as { version?: unknown; documents?: unknown; topics?: unknown; parameters?: unknown };
  if (!Array.isArray(value.documents) || !Array.isArray(value.topics) || typeof value.parameters !== 'object' || value.parameters === null) return undefined;
  if (value.version === RESULT_VERSION) return { result: saved as TopicLensResult };
  if (value.version !== 1) return undefined;
  const v1 = saved as Omit<TopicLensResult, 'version'>;
  return { result: { ...v1, version: RESULT_VERSION, parameters: { ...v1.parameters, nrTopics: null }, hierarchy: undefined }, upgradedFrom: 1 };
}
