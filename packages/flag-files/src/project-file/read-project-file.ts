import { isNode, LineCounter, parseDocument } from 'yaml';
import type { FileProblem } from '../file-problem.js';
import { flagFileFormat, parseFlagFileText } from '../read-flag-file.js';
import { readTextFile } from '../read-text-file.js';
import type { ProjectDocument } from './project-document.js';
import { type ProjectIssue, validateProjectDocument } from './validate-project-document.js';

export type ProjectFileResult =
  | { readonly ok: true; readonly file: string; readonly document: ProjectDocument }
  | { readonly ok: false; readonly file: string; readonly problems: readonly FileProblem[] };

/** Reads and checks a project file (YAML by extension, else JSON); `file` resolves against `cwd`. */
export async function readProjectFile(file: string, cwd: string = process.cwd()): Promise<ProjectFileResult> {
  const read = await readTextFile(file, cwd);
  if (!read.ok) return { ok: false, file, problems: [{ file, kind: 'read', message: read.reason }] };
  return parseProjectFileText(file, read.text);
}

/**
 * Parses and checks a project file's text. Problems carry the file, the JSON Pointer of what is wrong
 * and, where it can be found, its line and column.
 */
export function parseProjectFileText(file: string, text: string): ProjectFileResult {
  const parsed = parseFlagFileText(file, text, flagFileFormat(file));
  if (!parsed.ok) return { ok: false, file, problems: parsed.problems };
  if (parsed.duplicateKeys.length > 0) return { ok: false, file, problems: parsed.duplicateKeys };
  const checked = validateProjectDocument(parsed.value);
  if (checked.ok) return { ok: true, file, document: checked.document };
  const locate = locator(text);
  const problems = checked.issues.map(
    (issue): FileProblem => ({
      file,
      kind: 'project',
      message: issue.message,
      path: issue.path,
      ...locate(issue),
    }),
  );
  return { ok: false, file, problems };
}

/** `FILE:LINE:COLUMN: PATH: MESSAGE` (the line when known), the form editors link to. */
export function formatProjectProblem(problem: FileProblem): string {
  const where =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === undefined
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.path || '/'}: ${problem.message}`;
}

/** Finds the line of a JSON Pointer in the source (JSON is YAML too, so one parser serves both). */
function locator(text: string): (issue: ProjectIssue) => { line?: number; column?: number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, logLevel: 'silent', keepSourceTokens: false });
  return ({ path }) => {
    const segments = path === '' ? [] : path.slice(1).split('/').map(unescapePointer);
    // The deepest node that exists: a missing property is reported at its parent.
    for (let depth = segments.length; depth >= 0; depth--) {
      const node = depth === 0 ? document.contents : document.getIn(segments.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return {};
  };
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
