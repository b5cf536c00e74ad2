import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory for one test file; `write` returns the file name relative to it. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'switchyard-flag-files-'));

  write(name: string, content: string | object): string {
    writeFileSync(
      join(this.path, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
    return name;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
