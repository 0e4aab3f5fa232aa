/** A validator for the SARIF 2.1.0 JSON schema (the schema as @microsoft/jest-sarif ships it; draft-04). */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import schema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

/** The schema's errors for `log` (none when it is valid SARIF 2.1.0). */
export function sarifSchemaErrors(log: unknown): string[] {
  // The schema's language-tag pattern is not valid under the unicode flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
