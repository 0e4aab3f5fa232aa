/**
 * Findings as SARIF 2.1.0, the format GitHub code scanning and SARIF viewers read: one rule per kind, one result
 * per finding at its first place, the other places (the other copies of a duplicate…) as related locations, and
 * the finding's fingerprint as a partial fingerprint so that results are tracked across commits.
 */
import { FINDING_KINDS, KIND_DESCRIPTIONS, type Finding, type FindingKind, type FindingLocation, type Severity } from './finding';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const FINGERPRINT_KEY = 'topicLensFinding/v1';
const SOURCE_ROOT = '%SRCROOT%';

export interface SarifOptions {
  readonly toolVersion: string;
  /** file:// URI of the folder location paths are relative to (ends with "/"). */
  readonly rootUri: string;
  /** Prefix put before each path so that it is relative to the root (e.g. "docs/" when the repository is the root). */
  readonly pathPrefix?: string;
}

const DEFAULT_LEVEL: Readonly<Record<FindingKind, Severity>> = {
  'near-duplicate': 'warning',
  boilerplate: 'note',
  orphan: 'note',
  'weakly-placed': 'note',
  'scattered-topic': 'note',
  'incoherent-folder': 'note',
  'split-candidate': 'note',
  stale: 'warning',
  'unlinked-page': 'note',
  'broken-link': 'error',
};

/** "near-duplicate" → "NearDuplicate" (SARIF rule names are identifiers). */
function ruleName(kind: FindingKind): string {
  return kind.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function renderSarif(findings: readonly Finding[], options: SarifOptions): object {
  const prefix = options.pathPrefix ?? '';
  const physical = (location: FindingLocation) => ({
    artifactLocation: { uri: encodePath(prefix + location.path), uriBaseId: SOURCE_ROOT },
    region: { startLine: Math.max(1, location.startLine), endLine: Math.max(location.startLine, location.endLine, 1) },
  });
  const ruleIndex = new Map(FINDING_KINDS.map((kind, i) => [kind, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Topic Lens',
            version: options.toolVersion,
            informationUri: 'https://github.com/topic-lens/topic-lens',
            rules: FINDING_KINDS.map((kind) => ({
              id: kind,
              name: ruleName(kind),
              shortDescription: { text: KIND_DESCRIPTIONS[kind].title },
              fullDescription: { text: KIND_DESCRIPTIONS[kind].description },
              help: { text: KIND_DESCRIPTIONS[kind].help },
              defaultConfiguration: { level: DEFAULT_LEVEL[kind] },
            })),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: options.rootUri } },
        results: findings.map((finding) => ({
          ruleId: finding.kind,
          ruleIndex: ruleIndex.get(finding.kind),
          level: finding.severity,
          message: { text: finding.message },
          locations: finding.locations.slice(0, 1).map((location) => ({ physicalLocation: physical(location) })),
          ...(finding.locations.length > 1
            ? {
                relatedLocations: finding.locations.slice(1).map((location, i) => ({
                  id: i + 1,
                  physicalLocation: physical(location),
                  message: { text: location.heading ? `${location.path} › ${location.heading}` : location.path },
                })),
              }
            : {}),
          partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
          properties: { score: finding.score, ...(finding.topics ? { topics: finding.topics } : {}) },
        })),
      },
    ],
  };
}
