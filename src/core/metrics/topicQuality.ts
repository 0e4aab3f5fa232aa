/**
 * Topic quality as reported in the BERTopic paper (Grootendorst 2022, measured with OCTIS): topic diversity and
 * NPMI coherence of each topic's top-10 words. Pass the topics ≥ 0 only.
 */
import { ENGLISH_STOP_WORDS } from '../topics/englishStopWords';
import { WordTable } from '../topics/wordTable';

const TOP_WORDS = 10;

/**
 * Topic diversity (Dieng et al. 2020, OCTIS `TopicDiversity`): the share of unique words among all topics'
 * top-10 words. Empty word slots are not words; a topic with fewer words adds fewer to the total. NaN without words.
 */
export function topicDiversity(topWords: readonly (readonly string[])[], topN = TOP_WORDS): number {
  const words = topWords.flatMap((topic) => topic.filter((w) => w !== '').slice(0, topN));
  return new Set(words).size / words.length;
}

/**
 * Mean NPMI coherence (Bouma 2009) over topics with at least two words. Probabilities come from boolean document
 * co-occurrence: p(w) = share of documents containing w, p(a, b) = share containing both, with the documents
 * tokenised as for c-TF-IDF (`cleanText`: BERTopic's English cleaning, the default; stop words are kept, which
 * changes nothing for the words asked about). NPMI(a, b) = ln(p(a, b) / (p(a) p(b))) / −ln p(a, b); a pair that
 * never co-occurs scores −1, and one found together in every document 1. A topic scores the mean over its word
 * pairs. (OCTIS uses gensim's `c_npmi` over sliding windows of 10 tokens instead of whole documents.) NaN
 * without a scorable topic. A bigram topic word "a b" is in a document where "a" is followed by "b" once English
 * stop words and words that start with a digit are passed over, as the bigrams were counted.
 */
export function npmiCoherence(
  texts: readonly string[],
  topWords: readonly (readonly string[])[],
  options: { readonly cleanText?: boolean; readonly topN?: number } = {},
): number {
  const topics = topWords.map((topic) => [...new Set(topic.filter((w) => w !== '').slice(0, options.topN ?? TOP_WORDS))]);
  const wordIndex = new Map<string, number>();
  for (const topic of topics) for (const word of topic) if (!wordIndex.has(word)) wordIndex.set(word, wordIndex.size);
  const postings = documentsContaining(texts, wordIndex, options.cleanText ?? true);
  const n = texts.length;

  let sum = 0;
  let scored = 0;
  for (const topic of topics) {
    if (topic.length < 2) continue;
    let pairSum = 0;
    let pairs = 0;
    for (let i = 0; i < topic.length; i++) {
      for (let j = i + 1; j < topic.length; j++) {
        const a = postings[wordIndex.get(topic[i])!];
        const b = postings[wordIndex.get(topic[j])!];
        pairSum += npmi(a.length / n, b.length / n, intersectionSize(a, b) / n);
        pairs++;
      }
    }
    sum += pairSum / pairs;
    scored++;
  }
  return sum / scored;
}

function npmi(pA: number, pB: number, pAB: number): number {
  if (pAB === 0) return -1;
  if (pAB === 1) return 1;
  return Math.log(pAB / (pA * pB)) / -Math.log(pAB);
}

/** For each asked term (a word, or two words "a b"), the ascending indices of the documents that contain it. */
function documentsContaining(texts: readonly string[], termIndex: ReadonlyMap<string, number>, cleanText: boolean): number[][] {
  const table = new WordTable();
  // The asked terms take ids 0 … termIndex.size − 1, in termIndex order (a bigram's id is never read as a
  // token: tokens hold no space); the words of bigrams and other words get larger ids.
  for (const term of termIndex.keys()) table.idOfString(term);
  const bigramOf = new Map<string, number>();
  for (const [term, index] of termIndex) {
    const words = term.split(' ');
    if (words.length === 2) bigramOf.set(`${table.idOfString(words[0])} ${table.idOfString(words[1])}`, index);
  }
  const skipped = new Set(Array.from(ENGLISH_STOP_WORDS, (word) => table.idOfString(word)));
  const postings: number[][] = Array.from({ length: termIndex.size }, () => []);
  const add = (index: number | undefined, doc: number) => {
    const list = index === undefined ? undefined : postings[index];
    if (list && list[list.length - 1] !== doc) list.push(doc);
  };
  texts.forEach((text, doc) => {
    let previous = -1;
    table.readTokens(text, cleanText, (id) => {
      if (id < termIndex.size) add(id, doc);
      if (bigramOf.size === 0 || skipped.has(id) || /^\p{N}/u.test(table.words[id])) return;
      if (previous >= 0) add(bigramOf.get(`${previous} ${id}`), doc);
      previous = id;
    });
  });
  return postings;
}

function intersectionSize(a: readonly number[], b: readonly number[]): number {
  let count = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      count++;
      i++;
      j++;
    }
  }
  return count;
}
