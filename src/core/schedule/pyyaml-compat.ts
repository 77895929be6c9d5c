// Distiller reads schedules with PyYAML, which is laxer than the YAML 1.2 spec the `yaml` package
// follows. Two differences matter for real schedules, and both are bridged here without changing
// what PyYAML would read and without moving any line:
// - PyYAML ignores indentation inside flow collections, so `weights: [` may be followed by items
//   (and `#` comment lines) at the key's own column; continuation lines of a flow collection are
//   indented past its opening bracket before the `yaml` package sees them.
// - PyYAML starts a comment at `#` right after a token (`]`, `}`, `,`, a closing quote), where the
//   spec needs a space first; that space is inserted.
// Duplicate mapping keys are read as PyYAML reads them (the last value wins) by `lastKeyWins`.
import { isScalar, visit, type Document, type Pair } from 'yaml';

const QUOTES = new Set(["'", '"']);
const OPEN = new Set(['[', '{']);
const CLOSE = new Set([']', '}']);

function leadingSpaces(line: string): number {
  let n = 0;
  while (n < line.length && line[n] === ' ') n++;
  return n;
}

/** The text with the edits above; the same number of lines, each edit confined to its line. */
export function relaxFlowForPyYaml(text: string): string {
  const lines = text.split('\n');
  let depth = 0;
  let minIndent = 0;
  let quote: string | null = null;
  let blockScalarIndent = -1;
  for (let n = 0; n < lines.length; n++) {
    let s = lines[n];
    const blank = s.trim() === '';
    if (blockScalarIndent >= 0) {
      // Lines of a literal/folded block scalar are text, not structure.
      if (blank || leadingSpaces(s) > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (depth > 0 && quote === null && !blank && leadingSpaces(s) < minIndent)
      s = ' '.repeat(minIndent - leadingSpaces(s)) + s.trimStart();
    const lineIndent = leadingSpaces(s);
    // A node may start here: at the line start, after "- ", "? ", ": " and flow indicators.
    let nodeStart = quote === null;
    // '#' starts a comment here: at the line start, after white space and after a token.
    let commentOk = true;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (quote !== null) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote && quote === "'" && s[i + 1] === "'") i++;
        else if (c === quote) {
          quote = null;
          commentOk = true;
          nodeStart = false;
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        commentOk = true;
        continue;
      }
      if (c === '#' && commentOk) {
        if (i > 0 && s[i - 1] !== ' ' && s[i - 1] !== '\t') s = `${s.slice(0, i)} ${s.slice(i)}`;
        break;
      }
      const next = s[i + 1];
      const spaceAfter = next === undefined || next === ' ' || next === '\t' || next === '\r';
      commentOk = false;
      if (nodeStart && QUOTES.has(c)) {
        quote = c;
        continue;
      }
      if (depth > 0) {
        if (OPEN.has(c)) depth++;
        else if (CLOSE.has(c)) depth--;
        nodeStart = OPEN.has(c) || c === ',' || c === ':';
        commentOk = CLOSE.has(c) || c === ',';
        continue;
      }
      if (nodeStart && OPEN.has(c)) {
        depth = 1;
        minIndent = i + 1;
        nodeStart = true;
        continue;
      }
      if (nodeStart && (c === '|' || c === '>')) {
        blockScalarIndent = lineIndent;
        break;
      }
      nodeStart = spaceAfter && (c === ':' || (nodeStart && (c === '-' || c === '?')));
    }
    lines[n] = s;
  }
  return lines.join('\n');
}

/**
 * Keeps, for every mapping key given more than once, the first key's place with the last value (as
 * PyYAML's dict does); returns one warning per dropped duplicate, with its line.
 */
export function lastKeyWins(doc: Document, lineOf: (offset: number) => number): string[] {
  const warnings: string[] = [];
  visit(doc, {
    Map(_, map) {
      const first = new Map<string, Pair>();
      const drop = new Set<Pair>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, pair);
          continue;
        }
        const line = lineOf(pair.key.range?.[0] ?? 0);
        const was = isScalar(earlier.key) ? lineOf(earlier.key.range?.[0] ?? 0) : 0;
        warnings.push(
          `line ${line}: duplicate key "${key}" (first on line ${was}); the last value is used, as PyYAML does`,
        );
        earlier.value = pair.value;
        drop.add(pair);
      }
      if (drop.size > 0) map.items = map.items.filter((p) => !drop.has(p));
      return undefined;
    },
  });
  return warnings;
}
