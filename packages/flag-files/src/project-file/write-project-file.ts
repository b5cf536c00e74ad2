import { stringify } from 'yaml';
import type { ProjectDocument } from './project-document.js';

export type ProjectFileFormat = 'yaml' | 'json';

/**
 * A project document as file text. YAML starts with the comment that points the YAML language server
 * at the schema; JSON carries the same URL as `$schema` (both only when `schemaUrl` is given).
 */
export function stringifyProjectDocument(
  document: ProjectDocument,
  format: ProjectFileFormat,
  schemaUrl?: string,
): string {
  if (format === 'json') {
    const withSchema = schemaUrl === undefined ? document : { $schema: schemaUrl, ...document };
    return `${JSON.stringify(withSchema, null, 2)}\n`;
  }
  const header = schemaUrl === undefined ? '' : `# yaml-language-server: $schema=${schemaUrl}\n`;
  // No anchors/aliases: a file people edit by hand reads better with repeated values written out.
  return `${header}${stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
}
