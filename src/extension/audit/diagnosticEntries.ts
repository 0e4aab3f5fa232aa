/**
 * Which findings become diagnostics in the Problems panel, and what each says: near-duplicates (one entry per
 * place, naming the other places) and stale pages, all as information. Pure, so it is tested without VS Code.
 */
import { KIND_DESCRIPTIONS, type Finding, type FindingKind, type FindingLocation } from '../../core/audit/finding';
import { locationText } from './findingGroups';

export const DIAGNOSTIC_KINDS: ReadonlySet<FindingKind> = new Set(['near-duplicate', 'stale']);

export interface DiagnosticEntry {
  readonly location: FindingLocation;
  readonly message: string;
  /** The finding's kind, shown as the diagnostic's code. */
  readonly kind: FindingKind;
  readonly fingerprint: string;
  /** The finding's other places (related information). */
  readonly related: readonly FindingLocation[];
}

export function diagnosticEntries(findings: readonly Finding[], isDismissed: (fingerprint: string) => boolean): DiagnosticEntry[] {
  return findings.flatMap((finding) => {
    if (!DIAGNOSTIC_KINDS.has(finding.kind) || isDismissed(finding.fingerprint)) return [];
    return finding.locations.map((location, i) => {
      const related = finding.locations.filter((_, j) => j !== i);
      const others = related.length > 0 ? ` Also at ${related.map(locationText).join(', ')}.` : '';
      return {
        location,
        message: `${KIND_DESCRIPTIONS[finding.kind].title}: ${finding.message}${others}`,
        kind: finding.kind,
        fingerprint: finding.fingerprint,
        related,
      };
    });
  });
}
