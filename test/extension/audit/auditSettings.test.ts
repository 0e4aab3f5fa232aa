import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AUDIT_OPTION_LIMITS, DEFAULT_AUDIT_OPTIONS, type AuditOptions } from '../../../src/core/audit/finding';

interface SettingSchema {
  readonly type: string;
  readonly default: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly markdownDescription?: string;
}

const properties = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, SettingSchema> } };
  }
).contributes.configuration.properties;

test('every audit threshold is a setting whose default and limits are those of the core (and the CLI flags)', () => {
  const keys = Object.keys(AUDIT_OPTION_LIMITS) as (keyof AuditOptions)[];
  for (const key of keys) {
    const setting = properties[`topicLens.audit.${key}`];
    assert.ok(setting, `topicLens.audit.${key} is contributed`);
    const limit = AUDIT_OPTION_LIMITS[key];
    assert.equal(setting.type, limit.integer ? 'integer' : 'number', key);
    assert.equal(setting.default, DEFAULT_AUDIT_OPTIONS[key], key);
    assert.equal(setting.minimum, limit.min, key);
    assert.equal(setting.maximum, limit.max, key);
    assert.ok((setting.markdownDescription ?? '').length > 20, `${key} is described`);
  }
  const contributed = Object.keys(properties).filter((k) => k.startsWith('topicLens.audit.'));
  assert.deepEqual(contributed.sort(), [...keys.map((k) => `topicLens.audit.${k}`), 'topicLens.audit.diagnostics', 'topicLens.audit.enabled'].sort());
  assert.equal(properties['topicLens.audit.diagnostics'].default, false, 'diagnostics are off by default');
  assert.equal(properties['topicLens.audit.enabled'].default, true);
});
