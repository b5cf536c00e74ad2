import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { type GherkinDocument, IdGenerator, type Pickle, type Scenario } from '@cucumber/messages';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';

/** One runnable scenario (a plain Scenario, or one Examples row of a Scenario Outline). */
export interface ScenarioCase {
  readonly pickle: Pickle;
  readonly featureName: string;
  /** Unique, human-readable test title: scenario name plus the Examples row it came from. */
  readonly title: string;
  readonly tags: readonly string[];
}

export interface ParsedFeature {
  readonly uri: string;
  readonly name: string;
  readonly cases: readonly ScenarioCase[];
}

interface RowInfo {
  readonly line: number;
  readonly cells: readonly string[];
}

function collectScenarios(document: GherkinDocument): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const child of document.feature?.children ?? []) {
    if (child.scenario) scenarios.push(child.scenario);
    for (const ruleChild of child.rule?.children ?? []) {
      if (ruleChild.scenario) scenarios.push(ruleChild.scenario);
    }
  }
  return scenarios;
}

/** Example-row AST ids → line and cells, so each expanded outline gets a distinguishable title. */
function indexExampleRows(document: GherkinDocument): Map<string, RowInfo> {
  const rows = new Map<string, RowInfo>();
  for (const scenario of collectScenarios(document)) {
    for (const examples of scenario.examples) {
      for (const row of examples.tableBody) {
        rows.set(row.id, { line: row.location.line, cells: row.cells.map((cell) => cell.value) });
      }
    }
  }
  return rows;
}

function titleOf(pickle: Pickle, rows: Map<string, RowInfo>, scenarioLines: Map<string, number>): string {
  const rowId = pickle.astNodeIds[1];
  const row = rowId === undefined ? undefined : rows.get(rowId);
  if (row) return `${pickle.name} [line ${row.line}: ${row.cells.join(' | ')}]`;
  const line = scenarioLines.get(pickle.astNodeIds[0] ?? '');
  return line === undefined ? pickle.name : `${pickle.name} [line ${line}]`;
}

/** Parses Gherkin text and compiles it to pickles (outlines expanded, backgrounds prepended). */
export function parseFeatureSource(source: string, uri: string): ParsedFeature {
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  const document = parser.parse(source);
  const featureName = document.feature?.name ?? basename(uri);
  const rows = indexExampleRows(document);
  const scenarioLines = new Map(collectScenarios(document).map((s) => [s.id, s.location.line] as const));
  const cases = compile(document, uri, newId).map((pickle) => ({
    pickle,
    featureName,
    title: titleOf(pickle, rows, scenarioLines),
    tags: pickle.tags.map((tag) => tag.name),
  }));
  return { uri, name: featureName, cases };
}

export function parseFeatureFile(path: string): ParsedFeature {
  return parseFeatureSource(readFileSync(path, 'utf8'), path);
}

/** A compiled `@cucumber/tag-expressions` filter; an empty expression selects everything. */
export function tagFilter(expression: string): (tags: readonly string[]) => boolean {
  if (expression.trim() === '') return () => true;
  const node = parseTagExpression(expression);
  return (tags) => node.evaluate([...tags]);
}
