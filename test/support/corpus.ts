/** A small corpus with known groups, written to a temp folder: three subjects a good pipeline must separate. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SourceDocument } from '../../src/core/documents/types';
import { seededRandom } from '../../src/core/random';

export const SUBJECTS = {
  cooking:
    'recipe oven bake flour sugar butter dough bread cake knead yeast salt pepper garlic onion simmer boil pan skillet roast chicken vegetables sauce soup kitchen chef taste spices cream'.split(
      ' ',
    ),
  astronomy:
    'telescope galaxy star planet orbit nebula comet asteroid moon solar eclipse astronomer observatory cosmic universe gravity supernova light years spectrum jupiter saturn mars constellation'.split(
      ' ',
    ),
  networking:
    'router packet protocol tcp ip address subnet firewall switch ethernet latency bandwidth dns server client socket port gateway routing network interface traffic wireless cable'.split(
      ' ',
    ),
} as const;

const FILLER = 'the a of and to in is it that this with for on as are be was by at we our about from'.split(' ');

export type Subject = keyof typeof SUBJECTS;

export function subjectText(subject: Subject, random: () => number, words = 70): string {
  const pool = SUBJECTS[subject];
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(random() < 0.65 ? pool[Math.floor(random() * pool.length)] : FILLER[Math.floor(random() * FILLER.length)]);
  return out.join(' ');
}

/**
 * Pages of three sections each (`Part 0` … `Part 2`): two on the page's subject and a digression on the next
 * subject; `pagesOf(subject)` pages per subject, at `<subject>/page<p>.md`.
 */
export function digressingPages(pagesOf: (subject: Subject) => number, random: () => number): SourceDocument[] {
  const subjects = Object.keys(SUBJECTS) as Subject[];
  return subjects.flatMap((s, k) =>
    Array.from({ length: pagesOf(s) }, (_, p) =>
      [s, s, subjects[(k + 1) % subjects.length]].map((about, section) => ({
        path: `${s}/page${p}.md`,
        heading: `Part ${section}`,
        startLine: 10 * section + 1,
        endLine: 10 * section + 9,
        text: subjectText(about, random),
      })),
    ).flat(),
  );
}

/** Writes `perSubject` Markdown files per subject under `root/<subject>/`; returns the subject of each relative path. */
export function writeSubjectCorpus(root: string, perSubject: number, seed = 7): Map<string, Subject> {
  const random = seededRandom(seed);
  const truth = new Map<string, Subject>();
  for (const subject of Object.keys(SUBJECTS) as Subject[]) {
    mkdirSync(path.join(root, subject), { recursive: true });
    for (let i = 0; i < perSubject; i++) {
      const rel = `${subject}/note-${String(i).padStart(2, '0')}.md`;
      writeFileSync(path.join(root, rel), `# Note ${i} on ${subject}\n\n${subjectText(subject, random)}\n`);
      truth.set(rel, subject);
    }
  }
  return truth;
}
