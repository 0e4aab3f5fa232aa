/** A unit of text the pipeline clusters: a whole file or one section of it. */
export interface SourceDocument {
  /** Path relative to the scanned root, with forward slashes. */
  readonly path: string;
  /** The section heading, or null for a whole file / a heading-less paragraph block. */
  readonly heading: string | null;
  /** 1-based inclusive line range of the text in the file. */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** A known class (e.g. the newsgroup of a JSONL line), used only for quality measures. */
  readonly label?: string;
}

export type SkipReason = 'binary' | 'too-large' | 'encoding' | 'empty' | 'ignored' | 'generated-folder' | 'unreadable' | 'limit';

export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  /** One human sentence, e.g. "3.2 MB is over the 1 MB limit". */
  readonly detail: string;
}

export type DocumentUnit = 'file' | 'section';
