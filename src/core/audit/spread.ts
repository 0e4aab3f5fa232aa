/**
 * Material spread too thin or bundled too loosely, measured by normalised entropy: how evenly things are spread
 * over the places they could be in, from 0 (all in one) to 1 (evenly over as many as possible).
 * - a topic whose documents are spread over many folders (scattered: a consolidation candidate);
 * - a folder whose files are about many topics (incoherent);
 * - a file whose sections fall into many topics (a split candidate).
 */
import { AuditContext } from './context';
import { roundScore, type Finding, type FindingKind } from './finding';

/** Shannon entropy of the counts divided by log(most categories possible); 0 when only one is possible. */
export function normalizedEntropy(counts: readonly number[], possible: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || possible < 2) return 0;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total);
  return Math.min(1, h / Math.log(possible));
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

const folderName = (folder: string) => (folder === '' ? 'the top folder' : `${folder}/`);

function tally<T>(items: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** The largest entries of a tally as "name 12, other 8, … and 3 more". */
function largest<T>(counts: ReadonlyMap<T, number>, name: (key: T) => string, shown = 4): string {
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const listed = sorted
    .slice(0, shown)
    .map(([key, count]) => `${name(key)} ${count}`)
    .join(', ');
  return sorted.length > shown ? `${listed} and ${sorted.length - shown} more` : listed;
}

function spreadFinding(
  context: AuditContext,
  kind: FindingKind,
  identity: string,
  message: string,
  entropy: number,
  locations: Finding['locations'],
  topics: readonly number[],
): Finding {
  return { fingerprint: context.fingerprint(kind, identity), kind, severity: 'note', message, score: roundScore(entropy), locations, topics };
}

export function spreadFindings(context: AuditContext): Finding[] {
  const { documents, topics } = context.result;
  const { spreadEntropy, spreadMinGroups } = context.options;
  const findings: Finding[] = [];
  // Each file's folder, spelled once.
  const folderOfFile = context.paths.map(folderOf);
  const folderOfDocument = (i: number) => folderOfFile[context.fileOf[i]];
  const folders = new Set(folderOfFile);

  // Scattered topics: the folders of each topic's documents.
  const membersOf = new Map<number, number[]>();
  documents.forEach((doc, i) => {
    if (doc.topic >= 0) (membersOf.get(doc.topic) ?? membersOf.set(doc.topic, []).get(doc.topic)!).push(i);
  });
  for (const topic of topics) {
    const members = membersOf.get(topic.id);
    if (!members) continue;
    const byFolder = tally(members.map(folderOfDocument));
    if (byFolder.size < spreadMinGroups) continue;
    const entropy = normalizedEntropy([...byFolder.values()], Math.min(members.length, folders.size));
    if (entropy < spreadEntropy) continue;
    // One place per folder: the topic's first document there.
    const firstIn = new Map<string, number>();
    for (const i of members) if (!firstIn.has(folderOfDocument(i))) firstIn.set(folderOfDocument(i), i);
    findings.push(
      spreadFinding(
        context,
        'scattered-topic',
        topic.words
          .slice(0, 3)
          .map((w) => w.word)
          .sort()
          .join(' '),
        `Topic ${context.topicName(topic.id)} is spread over ${byFolder.size} folders (${largest(byFolder, folderName)}): its folder entropy is ${entropy.toFixed(2)} of the most it could be.`,
        entropy,
        [...firstIn.values()].map((i) => context.documentLocation(i)),
        [topic.id],
      ),
    );
  }

  const topicCount = topics.filter((t) => t.id >= 0).length;

  // Incoherent folders: the main topics of a folder's files (files all of outliers have none).
  const filesOf = new Map<string, number[]>();
  context.paths.forEach((_, f) => {
    if (context.mainTopicOf(f) < 0) return;
    const list = filesOf.get(folderOfFile[f]);
    if (list) list.push(f);
    else filesOf.set(folderOfFile[f], [f]);
  });
  for (const [folder, files] of filesOf) {
    const byTopic = tally(files.map((f) => context.mainTopicOf(f)));
    if (byTopic.size < spreadMinGroups) continue;
    const entropy = normalizedEntropy([...byTopic.values()], Math.min(files.length, topicCount));
    if (entropy < spreadEntropy) continue;
    findings.push(
      spreadFinding(
        context,
        'incoherent-folder',
        folder,
        `The ${files.length} files of ${folderName(folder)} are mainly about ${byTopic.size} different topics (${largest(byTopic, (t) => context.topicName(t))}): its topic entropy is ${entropy.toFixed(2)} of the most it could be.`,
        entropy,
        files.map((f) => context.fileLocation(context.paths[f])),
        [...byTopic.keys()],
      ),
    );
  }

  // Split candidates: the topics of a file's sections.
  if (context.result.parameters.unit === 'section') {
    for (const [path, members] of context.documentsOfFile) {
      const clustered = members.filter((i) => documents[i].topic >= 0);
      const byTopic = tally(clustered.map((i) => documents[i].topic));
      // A short file touching several topics once each is not worth splitting.
      if (byTopic.size < spreadMinGroups || clustered.length < 2 * spreadMinGroups) continue;
      const entropy = normalizedEntropy([...byTopic.values()], Math.min(clustered.length, topicCount));
      if (entropy < spreadEntropy) continue;
      const firstOf = new Map<number, number>();
      for (const i of clustered) if (!firstOf.has(documents[i].topic)) firstOf.set(documents[i].topic, i);
      findings.push(
        spreadFinding(
          context,
          'split-candidate',
          path,
          `The ${clustered.length} sections of this file fall into ${byTopic.size} topics (${largest(byTopic, (t) => context.topicName(t))}): its topic entropy is ${entropy.toFixed(2)} of the most it could be.`,
          entropy,
          [...firstOf.values()].map((i) => context.documentLocation(i)),
          [...byTopic.keys()],
        ),
      );
    }
  }
  return findings;
}
