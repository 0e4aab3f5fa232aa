/**
 * What an audit reports: findings a documentation team can act on, each with the places it concerns. Kinds are
 * named plainly, as they appear in audit.json, SARIF rule ids and the editor's Audit view.
 */

export const FINDING_KINDS = [
  'near-duplicate',
  'boilerplate',
  'orphan',
  'weakly-placed',
  'scattered-topic',
  'incoherent-folder',
  'split-candidate',
  'stale',
  'unlinked-page',
  'broken-link',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** SARIF's levels, so the CLI's report and code scanning agree. */
export type Severity = 'error' | 'warning' | 'note';

/** One place a finding is about: a line range of a file (path relative to the scanned folder, forward slashes). */
export interface FindingLocation {
  readonly path: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly heading?: string;
}

export interface Finding {
  /** Stable across runs while the finding is about the same thing (dismissals and `--baseline` key on it). */
  readonly fingerprint: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** One or two sentences; measures are explained in words. */
  readonly message: string;
  /** How strong the finding is, for sorting within its kind (its meaning per kind: KIND_DESCRIPTIONS). */
  readonly score: number;
  readonly locations: readonly FindingLocation[];
  /** Topic ids the finding concerns (for the topics tree's badges). */
  readonly topics?: readonly number[];
}

export interface KindDescription {
  /** A short title for group rows and report headings. */
  readonly title: string;
  /** What the kind means and what its score measures. */
  readonly description: string;
  /** What to do about it. */
  readonly help: string;
}

export const KIND_DESCRIPTIONS: Readonly<Record<FindingKind, KindDescription>> = {
  'near-duplicate': {
    title: 'Near-duplicates',
    description:
      'Sections or files that say the same thing: exact copies, copies with edits, and rewrites. Text overlap is measured on word 5-shingles ' +
      'after boilerplate is set aside; rewrites are found as close embedding neighbours that share most of their distinctive words. ' +
      'Score: the similarity of the closest pair (1 = identical).',
    help: 'Keep one version and link to it from the other places, or merge them.',
  },
  boilerplate: {
    title: 'Repeated boilerplate',
    description:
      'A block of text repeated in many files (licence footers, navigation snippets, "See also" lists, generated stubs). It is not counted as ' +
      'duplication between the files that share it. Score: the number of files holding it.',
    help: 'Move the block into an include or a template, or leave it if the repetition is intended.',
  },
  orphan: {
    title: 'Belongs to no topic',
    description:
      'Documents that fit no topic (outliers), with the topic they are nearest to. Unique content, or content nothing else supports. ' +
      'Score: 1 − the similarity to the nearest topic.',
    help: 'Check whether the page is still needed, whether it belongs with its nearest topic, or whether it deserves companions.',
  },
  'weakly-placed': {
    title: 'Weakly placed',
    description:
      'Documents in a tiny topic, or outliers placed in their nearest topic only because it was nearest (marked weakly placed by the run). ' +
      'Score: 1 − the similarity to their own topic.',
    help: 'Consider moving the content next to the topic it is closest to.',
  },
  'scattered-topic': {
    title: 'Scattered topics',
    description:
      "A topic whose documents are spread over many folders. Score: the normalised entropy of the topic's folders (0 = one folder, 1 = evenly spread).",
    help: 'A consolidation candidate: gather the material in one place and link to it.',
  },
  'incoherent-folder': {
    title: 'Incoherent folders',
    description:
      "A folder whose files are about many unrelated topics. Score: the normalised entropy of the folder's topics (0 = one topic, 1 = evenly spread).",
    help: 'Consider regrouping the folder by subject.',
  },
  'split-candidate': {
    title: 'Split candidates',
    description: "A file whose sections fall into many topics. Score: the normalised entropy of the file's topics.",
    help: 'Consider splitting the file into pages of one subject each.',
  },
  stale: {
    title: 'Stale pages',
    description:
      'Files much older (by their last commit) than the rest of their topic: the topic moved on, these pages did not. ' +
      "Score: how many robust standard deviations (1.4826 × MAD) older than the topic's median the file is.",
    help: 'Review the page against the newer pages of its topic.',
  },
  'unlinked-page': {
    title: 'Unlinked pages',
    description:
      'Pages no other document links to (orphans by structure). A warning when the page is also a topic outlier. Score: 1, or 2 when also an outlier.',
    help: 'Link to the page from where readers would look for it (a table of contents, an index, a related page), or remove it.',
  },
  'broken-link': {
    title: 'Broken links',
    description: 'Relative links whose target file (or reStructuredText label) does not exist. Score: 1.',
    help: 'Fix the link target or remove the link.',
  },
};

/** How sure the audit must be before it reports; every threshold is an option with this default. */
export interface AuditOptions {
  /** Exact Jaccard of two documents' distinctive word 5-shingles at or above which they are near-duplicates. */
  readonly duplicateJaccard: number;
  /** Share of the smaller document's distinctive shingles found in the larger one (copies with paragraphs dropped). */
  readonly duplicateContainment: number;
  /** Embedding cosine similarity at or above which neighbours are checked as rewrites of each other. */
  readonly paraphraseCosine: number;
  /** Share of their distinctive vocabulary (weighted by rarity) two such neighbours must have in common. */
  readonly paraphraseOverlap: number;
  /** Documents with fewer distinctive shingles are too short to be judged duplicates. */
  readonly minShingles: number;
  /** A shingle in at least this many files (and `boilerplateShare` of them) is boilerplate. */
  readonly boilerplateMinFiles: number;
  readonly boilerplateShare: number;
  /** Repeated blocks shorter than this many words are phrases, not boilerplate blocks. */
  readonly boilerplateMinWords: number;
  /** Topics with fewer documents than this many times the run's minimum topic size are tiny: their members are weakly placed. */
  readonly tinyTopicFactor: number;
  /** Normalised entropy at or above which a topic is scattered, a folder incoherent or a file a split candidate. */
  readonly spreadEntropy: number;
  /** A topic must span at least this many folders to be scattered (a folder this many topics, a file too). */
  readonly spreadMinGroups: number;
  /** Robust z-score (age above the topic median in units of 1.4826 × MAD) from which a file is stale. */
  readonly staleZ: number;
  /** …and it must also be at least this many days older than the topic's median. */
  readonly staleMinDays: number;
}

export const DEFAULT_AUDIT_OPTIONS: AuditOptions = {
  duplicateJaccard: 0.5,
  duplicateContainment: 0.7,
  paraphraseCosine: 0.8,
  paraphraseOverlap: 0.6,
  minShingles: 15,
  boilerplateMinFiles: 5,
  boilerplateShare: 0.002,
  boilerplateMinWords: 12,
  tinyTopicFactor: 1.5,
  spreadEntropy: 0.8,
  spreadMinGroups: 4,
  staleZ: 3.5,
  staleMinDays: 180,
};

/** How each option may be set (command-line flags and settings check the same limits). */
export interface OptionLimit {
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
}

export const AUDIT_OPTION_LIMITS: Readonly<Record<keyof AuditOptions, OptionLimit>> = {
  duplicateJaccard: { integer: false, min: 0, max: 1 },
  duplicateContainment: { integer: false, min: 0, max: 1 },
  paraphraseCosine: { integer: false, min: -1, max: 1 },
  paraphraseOverlap: { integer: false, min: 0, max: 1 },
  minShingles: { integer: true, min: 1, max: 10_000 },
  boilerplateMinFiles: { integer: true, min: 2, max: 1_000_000 },
  boilerplateShare: { integer: false, min: 0, max: 1 },
  boilerplateMinWords: { integer: true, min: 5, max: 10_000 },
  tinyTopicFactor: { integer: false, min: 0, max: 100 },
  spreadEntropy: { integer: false, min: 0, max: 1 },
  spreadMinGroups: { integer: true, min: 2, max: 10_000 },
  staleZ: { integer: false, min: 0, max: 1000 },
  staleMinDays: { integer: true, min: 0, max: 100_000 },
};

/** A score or similarity as findings report it: three decimals, and never -0 (which JSON would save as 0). */
export function roundScore(x: number): number {
  return Math.round(x * 1000) / 1000 + 0;
}
