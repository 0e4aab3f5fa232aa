import * as assert from 'node:assert/strict';
import { documentKeys } from '../../src/core/result';
import { activatedApi } from './helpers';

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

suite('Rename and merge topics', () => {
  test('a renamed topic shows its label in the tree', async () => {
    const api = await activatedApi();
    const topic = api.getResult()!.topics.find((t) => t.id === 1)!;
    let changed = false;
    const listener = api.onDidChangeResult(() => (changed = true));
    await api.renameTopic(topic.id, 'Renamed in a test');
    listener.dispose();
    assert.ok(changed, 'onDidChangeResult did not fire');
    assert.equal(api.getCustomLabels().get(topic.id), 'Renamed in a test');
    assert.ok((await rootLabels()).includes(`${topic.id}: Renamed in a test`));
  });

  test('the label stays with its documents when topics are detected again', async () => {
    const api = await activatedApi();
    const before = api.getResult()!;
    const labelledMembers = membersByTopic(before.documents).get(1)!;
    assert.equal((await api.runDetect()).status, 'completed');
    const after = api.getResult()!;
    assert.notEqual(after, before);
    const labelled = [...api.getCustomLabels()].find(([, label]) => label === 'Renamed in a test');
    assert.ok(labelled, 'the label was lost by the new run');
    const members = membersByTopic(after.documents).get(labelled[0])!;
    const shared = [...members].filter((key) => labelledMembers.has(key)).length;
    assert.ok(shared / labelledMembers.size > 0.9, `the label moved to a different topic (${shared} shared documents)`);
  });

  test('merging two topics leaves one topic holding both sets of documents', async () => {
    const api = await activatedApi();
    const before = api.getResult()!;
    const beforeMembers = membersByTopic(before.documents);
    const [a, b] = before.topics.filter((t) => t.id >= 0).slice(-2);
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
    assert.ok((await rootLabels()).some((label) => label.startsWith(`${mergedTopic.id}: `)));
  });

  test('an empty label restores the topic words', async () => {
    const api = await activatedApi();
    const [id] = [...api.getCustomLabels()].find(([, label]) => label === 'Renamed in a test') ?? [];
    assert.ok(id !== undefined, 'the renamed topic lost its label in the merge');
    await api.renameTopic(id, '');
    assert.equal(api.getCustomLabels().has(id), false);
    const topic = api.getResult()!.topics.find((t) => t.id === id)!;
    assert.ok((await rootLabels()).includes(`${id}: ${topic.words.slice(0, 3).map((w) => w.word).join('_')}`));
  });
});
