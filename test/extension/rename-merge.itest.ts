import * as assert from 'node:assert/strict';
import { documentKeys } from '../../src/core/result';
import { activatedApi, fixtureResult } from './helpers';

async function rootLabels(): Promise<string[]> {
  const tree = (await activatedApi()).getTopicTree();
  return (await tree.getChildren()).map((node) => {
    const label = tree.getTreeItem(node).label;
    return typeof label === 'string' ? label : (label?.label ?? '');
  });
}

/** The set of documents (by path and heading) of each topic id. */
function membersByTopic(documents: readonly { path: string; heading: string | null; topic: number }[]): Map<number, Set<string>> {
  const members = new Map<number, Set<string>>();
  const keys = documentKeys(documents);
  documents.forEach((doc, i) => {
    if (doc.topic < 0) return;
    if (!members.has(doc.topic)) members.set(doc.topic, new Set());
    members.get(doc.topic)!.add(keys[i]);
  });
  return members;
}

const LABEL = 'Renamed in a test';

/** Each test starts from a full run of the fixture and leaves no label behind. */
suite('Rename and merge topics', () => {
  teardown(async () => {
    const api = await activatedApi();
    for (const [id, label] of api.getCustomLabels()) if (label === LABEL) await api.renameTopic(id, '');
  });

  test('a renamed topic shows its label in the tree', async () => {
    const api = await activatedApi();
    const topic = (await fixtureResult()).topics.find((t) => t.id === 1)!;
    let changed = false;
    const listener = api.onDidChangeResult(() => (changed = true));
    await api.renameTopic(topic.id, LABEL);
    listener.dispose();
    assert.ok(changed, 'onDidChangeResult did not fire');
    assert.equal(api.getCustomLabels().get(topic.id), LABEL);
    assert.ok((await rootLabels()).includes(`${topic.id}: ${LABEL}`));
  });

  test('the label stays with its documents when topics are detected again', async () => {
    const api = await activatedApi();
    const before = await fixtureResult();
    await api.renameTopic(1, LABEL);
    const labelledMembers = membersByTopic(before.documents).get(1)!;
    assert.equal((await api.runDetect()).status, 'completed');
    const after = api.getResult()!;
    assert.notEqual(after, before);
    const labelled = [...api.getCustomLabels()].find(([, label]) => label === LABEL);
    assert.ok(labelled, 'the label was lost by the new run');
    const members = membersByTopic(after.documents).get(labelled[0])!;
    const shared = [...members].filter((key) => labelledMembers.has(key)).length;
    assert.ok(shared / labelledMembers.size > 0.9, `the label moved to a different topic (${shared} shared documents)`);
  });

  test("merging two topics leaves one topic holding both sets of documents, and the larger one's label", async () => {
    const api = await activatedApi();
    const before = await fixtureResult();
    const beforeMembers = membersByTopic(before.documents);
    const [a, b] = before.topics.filter((t) => t.id >= 0).slice(-2);
    await api.renameTopic(a.id, LABEL);
    const outcome = await api.mergeTopics([a.id, b.id]);
    assert.equal(outcome.status, 'completed');
    const after = api.getResult()!;
    assert.equal(after.topics.filter((t) => t.id >= 0).length, before.topics.filter((t) => t.id >= 0).length - 1);
    const merged = new Set([...beforeMembers.get(a.id)!, ...beforeMembers.get(b.id)!]);
    const afterMembers = membersByTopic(after.documents);
    const holder = [...afterMembers].find(([, keys]) => keys.size === merged.size && [...merged].every((k) => keys.has(k)));
    assert.ok(holder, 'no topic holds exactly the documents of both merged topics');
    const mergedTopic = after.topics.find((t) => t.id === holder[0])!;
    assert.equal(mergedTopic.count, a.count + b.count);
    assert.equal(api.getCustomLabels().get(mergedTopic.id), LABEL, 'the merged topic lost the label of its labelled part');
    assert.ok((await rootLabels()).includes(`${mergedTopic.id}: ${LABEL}`));
  });

  test('an empty label restores the topic words', async () => {
    const api = await activatedApi();
    const topic = (await fixtureResult()).topics.find((t) => t.id === 1)!;
    await api.renameTopic(topic.id, LABEL);
    assert.ok((await rootLabels()).includes(`${topic.id}: ${LABEL}`));
    await api.renameTopic(topic.id, '');
    assert.equal(api.getCustomLabels().has(topic.id), false);
    assert.ok(
      (await rootLabels()).includes(
        `${topic.id}: ${topic.words
          .slice(0, 3)
          .map((w) => w.word)
          .join('_')}`,
      ),
    );
  });
});
