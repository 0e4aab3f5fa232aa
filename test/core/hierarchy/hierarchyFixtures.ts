/**
 * Loads the golden BERTopic 0.17.4 hierarchy cases (`../shared/fixtures/hierarchy`, see the fixtures README):
 * `hierarchical_topics` and `reduce_topics` over 1,200 20 Newsgroups posts. The posts are read by id from
 * `../shared/data`, never copied into the repository; without ../shared the callers skip with a message.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

const SHARED = path.resolve(__dirname, '../../../../shared');
const FIXTURE_DIR = path.join(SHARED, 'fixtures/hierarchy');
const CORPUS = path.join(SHARED, 'data/20newsgroups-clean.jsonl.gz');

export const HIERARCHY_CASES = ['20ng_groups_1200', '20ng_groups_1200_outliers'] as const;

export interface FixtureMerge {
  readonly parent_id: number;
  readonly parent_name: string;
  readonly topics: number[];
  readonly child_left_id: number;
  readonly child_right_id: number;
  readonly distance: number;
}

export interface HierarchyFixture {
  readonly doc_ids: number[];
  readonly topics: number[];
  readonly topic_words: Record<string, [string, number][]>;
  /** Newest merge first, as BERTopic's DataFrame. */
  readonly hierarchical_topics: FixtureMerge[];
  readonly reduce_topics: Record<string, { readonly topics_after: number[]; readonly n_topics_after: number; readonly mapping: Record<string, number> }>;
}

export const HIERARCHY_MISSING = `${FIXTURE_DIR} or ${CORPUS} is absent: the BERTopic hierarchy cases are not checked`;

export function hierarchyFixturesPresent(): boolean {
  return existsSync(FIXTURE_DIR) && existsSync(CORPUS);
}

export function loadHierarchyCase(name: (typeof HIERARCHY_CASES)[number]): HierarchyFixture {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8')) as HierarchyFixture;
}

let corpus: Map<number, string> | undefined;

/** The posts of the fixture, in its order. */
export function fixtureTexts(fixture: HierarchyFixture): string[] {
  corpus ??= new Map(
    gunzipSync(readFileSync(CORPUS))
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const { id, text } = JSON.parse(line) as { id: number; text: string };
        return [id, text] as const;
      }),
  );
  return fixture.doc_ids.map((id) => {
    const text = corpus!.get(id);
    if (text === undefined) throw new Error(`Post ${id} is not in ${CORPUS}.`);
    return text;
  });
}
