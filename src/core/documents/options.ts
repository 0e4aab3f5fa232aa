/** What the document reader reads by default, and the knobs its callers (CLI, worker, extension) can turn. */
import type { DocumentUnit } from './types';

/**
 * Files read as documents, as globs on the path relative to the scanned folder (VS Code glob syntax, so the
 * extension can hand them to `workspace.findFiles`). Matched case-insensitively.
 */
export const DEFAULT_INCLUDE_GLOBS: readonly string[] = [
  '**/*.{md,markdown,mdx,txt,rst,adoc,asciidoc,org}',
  // README-like files without an extension. LICENSE/COPYING are left out: hundreds of copies of the same legal
  // text (one per npm package) would drown the documentation topics.
  '**/{README,CHANGELOG,CHANGES,HISTORY,NEWS,CONTRIBUTING,AUTHORS,INSTALL,TODO}',
];

/**
 * Left out by default: legal boilerplate, not documentation. Every npm package ships its licence, and a few ship
 * notice files of thousands of paragraphs; read, they become most of the documents and the largest topic.
 */
export const DEFAULT_EXCLUDE_GLOBS: readonly string[] = [
  '**/{LICENSE,LICENCE}{,[-_]*}.{md,markdown,mdx,txt,rst,adoc,asciidoc,org}',
  '**/{COPYING,NOTICE}.{md,markdown,mdx,txt,rst,adoc,asciidoc,org}',
  '**/ThirdParty*Notice*.txt',
];

/** Folders of generated or vendored files: never descended into, one 'generated-folder' entry each. */
export const GENERATED_FOLDER_NAMES: readonly string[] = [
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'dist',
  'out',
  'build',
  '_build',
  'target',
  'coverage',
  '.nyc_output',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.docusaurus',
  '.turbo',
  '.parcel-cache',
  '.cache',
  '.gradle',
  '.yarn',
  '.vscode-test',
];

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** The embedding model's window (256 word pieces), counted in whitespace-separated words. */
export const DEFAULT_MAX_WORDS = 256;
/** Sections shorter than this are merged with the next one when the budget allows. */
export const DEFAULT_MIN_WORDS = 20;

/** How one file's text becomes documents. */
export interface SplitOptions {
  readonly unit?: DocumentUnit;
  readonly maxWords?: number;
  readonly minWords?: number;
}

/** How one file's bytes become documents. */
export interface DocumentReadOptions extends SplitOptions {
  readonly maxFileBytes?: number;
}

/** Which files of a folder are read. */
export interface DiscoveryOptions {
  /** Default: DEFAULT_INCLUDE_GLOBS. */
  readonly include?: readonly string[];
  /** Globs to leave out (files or whole folders), on the path relative to the root. Default: DEFAULT_EXCLUDE_GLOBS. */
  readonly exclude?: readonly string[];
  readonly maxFileBytes?: number;
  /** Discovery stops after this many files (default: no limit). */
  readonly maxFiles?: number;
}

export interface FolderReadOptions extends DocumentReadOptions, DiscoveryOptions {}
