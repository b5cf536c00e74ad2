import { MAX_EXPANDED_RULE_DEPTH, type RuleExtent } from './expansion-limits.js';

/** A rule's extent, or the cycle of shared rules it runs into: `["a", "b", "a"]`. */
export type Measured =
  | { readonly extent: RuleExtent; readonly cycle?: undefined }
  | { readonly extent?: undefined; readonly cycle: readonly string[] };

interface NodeExtent {
  readonly size: number;
  readonly depth: number;
  /** Literal data (a scalar, a literal object, an array of literals): compiled to a constant. */
  readonly literal: boolean;
}

const LEAF: NodeExtent = { size: 1, depth: 1, literal: true };

/** The single key of a one-key object (an operation), or undefined for anything else. */
function operationOf(node: object): string | undefined {
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

/**
 * One measurement of a rule: recursive over the rule's own JSON (cut off past the depth limit, so never
 * deeper than that), reading each `$ref` from rules measured before.
 */
class ExtentWalk {
  complete = true;
  cycle: readonly string[] | undefined;

  constructor(private readonly graph: RuleGraph) {}

  node(node: unknown, level: number): NodeExtent {
    if (typeof node !== 'object' || node === null) return LEAF;
    if (level > MAX_EXPANDED_RULE_DEPTH) {
      this.complete = false;
      return LEAF;
    }
    if (Array.isArray(node)) return this.array(node, level);
    const op = operationOf(node);
    if (op === undefined) return LEAF;
    const raw = (node as Record<string, unknown>)[op];
    if (op === '$ref' && typeof raw === 'string' && this.graph.has(raw)) return this.reference(raw);
    let size = 1;
    let depth = 0;
    const args = Array.isArray(raw) ? raw : [raw];
    for (const arg of args) {
      const child = this.node(arg, level + 1);
      size += child.size;
      if (child.depth > depth) depth = child.depth;
    }
    return { size, depth: depth + 1, literal: false };
  }

  private array(items: readonly unknown[], level: number): NodeExtent {
    let size = 1;
    let depth = 0;
    let literal = true;
    for (const item of items) {
      const child = this.node(item, level + 1);
      size += child.size;
      if (child.depth > depth) depth = child.depth;
      if (!child.literal) literal = false;
    }
    return { size: literal ? 1 : size, depth: depth + 1, literal };
  }

  private reference(name: string): NodeExtent {
    const measured = this.graph.evaluator(name);
    if (measured === undefined || measured.cycle !== undefined) {
      this.cycle ??= measured?.cycle ?? [name, name];
      return { size: 1, depth: 1, literal: false };
    }
    const { extent } = measured;
    if (!extent.complete) this.complete = false;
    return { size: extent.size, depth: extent.depth, literal: false };
  }
}

/** The shared rules a rule names in `$ref`s (each once), as the compiler reads them. */
function collectReferences(node: unknown, graph: RuleGraph, level: number, out: Set<string>): void {
  if (level > MAX_EXPANDED_RULE_DEPTH || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) collectReferences(item, graph, level + 1, out);
    return;
  }
  const op = operationOf(node);
  if (op === undefined) return;
  const raw = (node as Record<string, unknown>)[op];
  if (op === '$ref' && typeof raw === 'string' && graph.has(raw)) {
    out.add(raw);
    return;
  }
  for (const arg of Array.isArray(raw) ? raw : [raw]) collectReferences(arg, graph, level + 1, out);
}

interface Frame {
  readonly name: string;
  readonly references: readonly string[];
  next: number;
}

/**
 * The shared rules of a document (`$evaluators`), each measured once with every `$ref` expanded, without
 * expanding anything: a rule's extent is computed from the extents of the rules it names. Rules are
 * visited depth-first with an explicit stack, since a chain of references can be far longer than the
 * JavaScript stack is deep; a reference back to a rule still being visited is a cycle.
 */
export class RuleGraph {
  private readonly results = new Map<string, Measured>();

  constructor(private readonly evaluators: Readonly<Record<string, unknown>>) {
    for (const name of Object.keys(evaluators)) if (!this.results.has(name)) this.visit(name);
  }

  has(name: string): boolean {
    return Object.hasOwn(this.evaluators, name);
  }

  /** The shared rule `name` measured, or undefined when the document has no such rule. */
  evaluator(name: string): Measured | undefined {
    return this.results.get(name);
  }

  /** Measures a rule that is not a shared rule itself (a flag's targeting). */
  measure(rule: unknown): Measured {
    const walk = new ExtentWalk(this);
    const { size, depth } = walk.node(rule, 1);
    if (walk.cycle !== undefined) return { cycle: walk.cycle };
    return { extent: { size, depth, complete: walk.complete } };
  }

  private frame(name: string): Frame {
    const references = new Set<string>();
    collectReferences(this.evaluators[name], this, 1, references);
    return { name, references: [...references], next: 0 };
  }

  private visit(root: string): void {
    const visiting = new Set<string>([root]);
    const cycles = new Map<string, readonly string[]>();
    const frames: Frame[] = [this.frame(root)];
    while (frames.length > 0) {
      const top = frames[frames.length - 1]!;
      if (top.next < top.references.length) {
        const name = top.references[top.next++]!;
        if (this.results.has(name)) continue;
        if (visiting.has(name)) {
          const loop = frames.slice(frames.findIndex((frame) => frame.name === name)).map((f) => f.name);
          // Each rule on the loop is told about the loop as seen from itself: b → a → b.
          loop.forEach((member, i) => {
            if (!cycles.has(member)) cycles.set(member, [...loop.slice(i), ...loop.slice(0, i), member]);
          });
          continue;
        }
        visiting.add(name);
        frames.push(this.frame(name));
        continue;
      }
      frames.pop();
      visiting.delete(top.name);
      const cycle = cycles.get(top.name);
      this.results.set(top.name, cycle ? { cycle } : this.measure(this.evaluators[top.name]));
    }
  }
}

/**
 * Words a cycle for the rule or flag that runs into it: a rule on the cycle "refers to itself", anything
 * else "uses" the first rule of the cycle.
 */
export function cycleMessage(cycle: readonly string[], evaluator?: string): string {
  const loop = cycle.join(' → ');
  return evaluator !== undefined && cycle[0] === evaluator
    ? `evaluator "${evaluator}" refers to itself (${loop})`
    : `uses evaluator "${cycle[0]}", which refers to itself (${loop})`;
}

/**
 * Whether a rule's own JSON (references not followed) nests no deeper than the depth limit where the
 * compiler descends (arrays and operations; an object of several keys is data), so walking it is safe.
 */
export function withinDepthLimit(node: unknown, level = 1): boolean {
  if (typeof node !== 'object' || node === null) return true;
  if (level > MAX_EXPANDED_RULE_DEPTH) return false;
  let children: readonly unknown[];
  if (Array.isArray(node)) children = node;
  else {
    const op = operationOf(node);
    if (op === undefined) return true;
    const raw = (node as Record<string, unknown>)[op];
    children = Array.isArray(raw) ? raw : [raw];
  }
  for (const child of children) if (!withinDepthLimit(child, level + 1)) return false;
  return true;
}
