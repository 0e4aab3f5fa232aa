/** A small corpus with known groups, written to a temp folder: three subjects a good pipeline must separate. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
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
