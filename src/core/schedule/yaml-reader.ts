// Reading a Distiller YAML document node by node: every refusal names its line.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import { lastKeyWins, relaxFlowForPyYaml } from './pyyaml-compat';

export class DistillerYamlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'DistillerYamlError';
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** "; did you mean ..." for the closest option within 3 edits, else ''. */
export function suggestion(word: string, options: readonly string[]): string {
  const best = options.map((o) => [o, editDistance(word, o)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 3 ? `; did you mean "${best[0]}"?` : '';
}

type At = Node | Pair | null | undefined;

export class Reader {
  readonly lines = new LineCounter();
  constructor(readonly file: string) {}

  pos(node: At): { line: number; col: number } {
    const n = (node && 'range' in node ? node : (node as Pair | undefined)?.key) as Node | undefined;
    return this.lines.linePos(n?.range?.[0] ?? 0);
  }

  line(node: At): number {
    return this.pos(node).line;
  }

  fail(node: At, reason: string): never {
    const { line, col } = this.pos(node);
    throw new DistillerYamlError(`${this.file} line ${line}: ${reason}`, line, col);
  }

  map(node: unknown, what: string, at: At): YAMLMap {
    if (!isMap(node)) this.fail((node as Node) ?? at, `${what} must be a mapping (key: value lines)`);
    return node;
  }

  keyOf(pair: Pair): string {
    return isScalar(pair.key) ? String(pair.key.value) : this.fail(pair.key as Node, 'keys must be plain names');
  }

  /** The pairs of a mapping by key, after checking every key against `allowed`. */
  fields(map: YAMLMap, allowed: readonly string[], where: string): Map<string, Pair> {
    const out = new Map<string, Pair>();
    for (const p of map.items as Pair[]) {
      const key = this.keyOf(p);
      if (!allowed.includes(key))
        this.fail(p, `unknown key "${key}" in ${where} (it takes ${allowed.join(', ')})${suggestion(key, allowed)}`);
      out.set(key, p);
    }
    return out;
  }

  number(node: unknown, what: string, at: At): number {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v))
      this.fail(
        (node as Node) ?? at,
        `${what} must be a number; got ${isScalar(node) ? JSON.stringify(node.value) : 'nothing'}`,
      );
    return v;
  }

  integer(node: unknown, what: string, at: At): number {
    const v = this.number(node, what, at);
    if (!Number.isInteger(v) || v < 0) this.fail(node as Node, `${what} must be an integer >= 0; got ${v}`);
    return v;
  }

  fraction(node: unknown, what: string, at: At): number {
    const v = this.number(node, what, at);
    if (v < 0 || v > 1) this.fail((node as Node) ?? at, `${what} must be between 0 and 1 (a fraction); got ${v}`);
    return v;
  }

  string(node: unknown, what: string, at: At): string {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'string')
      this.fail(
        (node as Node) ?? at,
        `${what} must be a name; got ${isScalar(node) ? JSON.stringify(node.value) : 'nothing'}`,
      );
    return v;
  }

  boolean(node: unknown, what: string, at: At): boolean {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'boolean') this.fail((node as Node) ?? at, `${what} must be True or False`);
    return v;
  }

  /** A non-empty list of names; a single name stands for a list of one, as Distiller reads it. */
  names(node: unknown, what: string, at: At): string[] {
    if (isScalar(node)) return [this.string(node, what, at)];
    if (!isSeq(node) || node.items.length === 0)
      this.fail((node as Node) ?? at, `${what} must be a name or a non-empty list of names`);
    return node.items.map((item) => this.string(item, `an item of ${what}`, at));
  }

  /** A non-empty list of numbers. */
  numbers(node: unknown, what: string, at: At): number[] {
    if (!isSeq(node) || node.items.length === 0)
      this.fail((node as Node) ?? at, `${what} must be a non-empty list of numbers`);
    return node.items.map((item) => this.number(item, `an item of ${what}`, at));
  }

  /** The line of each weight name in a body: items of `weights`, keys of the {name: ...} maps. */
  nameLines(body: YAMLMap): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of body.items as Pair[]) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (key === 'weights') {
        const items = isSeq(p.value) ? p.value.items : [p.value];
        for (const item of items) if (isScalar(item)) out[String(item.value)] = this.line(item);
      } else if (['thresholds', 'levels', 'sensitivities', 'reg_regims'].includes(key) && isMap(p.value)) {
        for (const item of p.value.items as Pair[])
          if (isScalar(item.key)) out[String(item.key.value)] = this.line(item);
      }
    }
    return out;
  }

  /** The value of `key`, or a refusal naming `owner`'s line. */
  need(fields: Map<string, Pair>, key: string, owner: At, what: string): Pair {
    return fields.get(key) ?? this.fail(owner, `${what} needs "${key}"`);
  }
}

export interface YamlRoot {
  reader: Reader;
  root: YAMLMap;
  /** Accepted with a note (duplicate keys), each with its line. */
  warnings: string[];
}

/** Parses `text` as PyYAML would and returns its top-level mapping. */
export function readDistillerYamlRoot(text: string, fileName: string): YamlRoot {
  const reader = new Reader(fileName);
  const doc = parseDocument(relaxFlowForPyYaml(text), { lineCounter: reader.lines, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0].line ?? 0;
    throw new DistillerYamlError(
      `${fileName} line ${line}: not valid YAML: ${e.message.split('\n')[0]}`,
      line,
      e.linePos?.[0].col ?? 0,
    );
  }
  // An alias repeats a subtree; nested aliases grow exponentially (a "billion laughs"). Distiller's
  // schedules never need them, so the first one is refused on its line before anything is expanded.
  visit(doc, {
    Alias(_, alias) {
      reader.fail(alias, `YAML aliases (*${alias.source}) are not read in a schedule; write the values out`);
    },
  });
  const warnings = lastKeyWins(doc, (offset) => reader.lines.linePos(offset).line).map((w) => `${fileName} ${w}`);
  return { reader, root: reader.map(doc.contents, 'the schedule', null), warnings };
}
