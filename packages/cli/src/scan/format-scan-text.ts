import { countOf } from '../plural.js';
import type { DirectoryScan } from './scan-directory.js';
import type { ScanReport } from './scan-report.js';
import type { UploadAnswer } from './upload.js';

/** The readable report: each flag with its places, then the unknown and the unused ones. */
export function formatScanText(
  report: ScanReport,
  scans: readonly DirectoryScan[],
  knownSource: string,
  upload: UploadAnswer | undefined,
): string {
  const unknown = new Set(report.unknownFlags);
  const counts = new Map<string, number>();
  for (const { flag } of report.references) counts.set(flag, (counts.get(flag) ?? 0) + 1);
  const lines: string[] = [];
  let previous: string | undefined;
  for (const { flag, file, line } of report.references) {
    if (flag !== previous) {
      const count = countOf(counts.get(flag)!, 'reference');
      lines.push(`${flag}${unknown.has(flag) ? ' (unknown)' : ''}: ${count}`);
      previous = flag;
    }
    lines.push(`  ${file}:${line}`);
  }
  if (report.unknownFlags.length > 0) {
    lines.push('', `Used in code but unknown to ${knownSource} (${report.unknownFlags.length}):`);
    lines.push(...report.unknownFlags.map((flag) => `  ${flag}`));
  }
  if (report.unusedFlags.length > 0) {
    lines.push('', `In ${knownSource} but not used in code (${report.unusedFlags.length}):`);
    lines.push(...report.unusedFlags.map((flag) => `  ${flag}`));
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(report, scans));
  if (upload) {
    const at = upload.branch === null ? upload.commit : `${upload.commit} (${upload.branch})`;
    lines.push(
      `Uploaded ${countOf(upload.references, 'reference')} of repository ${upload.repository} at ${at} to project "${upload.project}".`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function summary(report: ScanReport, scans: readonly DirectoryScan[]): string {
  const flags = new Set(report.references.map((reference) => reference.flag)).size;
  const scanned = scans.reduce((sum, scan) => sum + scan.scanned, 0);
  const binary = scans.reduce((sum, scan) => sum + scan.skipped.binary, 0);
  const large = scans.reduce((sum, scan) => sum + scan.skipped.large, 0);
  const unreadable = scans.reduce((sum, scan) => sum + scan.skipped.unreadable, 0);
  const skipped = [
    binary > 0 && `${binary} binary`,
    large > 0 && `${large} over 1 MiB`,
    unreadable > 0 && `${unreadable} unreadable`,
  ].filter(Boolean);
  const skippedText = skipped.length > 0 ? ` (skipped: ${skipped.join(', ')})` : '';
  return `${countOf(report.references.length, 'reference')} to ${countOf(flags, 'flag')} in ${countOf(scanned, 'file')}${skippedText}.`;
}
