// LambdaLR's `lr_lambda` written in a schedule as Python source ("lambda epoch: 0.95 ** epoch").
// It is parsed, never evaluated as code: numbers, the one parameter, + - * / // % ** with Python's
// precedence and semantics, parentheses, min/max/abs, and math.exp/log/sqrt/cos/sin/floor/ceil/pi/e.

export class LrLambdaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LrLambdaError';
  }
}

type Expr = (epoch: number) => number;

const FUNCTIONS: Record<string, (...a: number[]) => number> = {
  min: Math.min,
  max: Math.max,
  abs: Math.abs,
  'math.exp': Math.exp,
  'math.log': Math.log,
  'math.sqrt': Math.sqrt,
  'math.cos': Math.cos,
  'math.sin': Math.sin,
  'math.floor': Math.floor,
  'math.ceil': Math.ceil,
};
const CONSTANTS: Record<string, number> = { 'math.pi': Math.PI, 'math.e': Math.E };

/** Python's % and //: the remainder takes the divisor's sign. */
const pyMod = (a: number, b: number) => a - b * Math.floor(a / b);

function tokenize(src: string): string[] {
  const tokens = src.match(
    /\s*(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\*\*|\/\/|[A-Za-z_][\w.]*|[-+*/%(),:])/gy,
  );
  const joined = (tokens ?? []).join('');
  if (joined.length !== src.trimEnd().length)
    throw new LrLambdaError(`cannot read "${src.slice(joined.length).trim()}" in lr_lambda "${src}"`);
  return (tokens ?? []).map((t) => t.trim());
}

/** Compiles "lambda <name>: <expression>" into a function of the epoch. */
export function parseLrLambda(source: string): (epoch: number) => number {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const t = tokens[i++];
    if (t === undefined || (expected !== undefined && t !== expected))
      throw new LrLambdaError(`expected ${expected ?? 'more'} in lr_lambda "${source}"; got ${t ?? 'the end'}`);
    return t;
  };
  take('lambda');
  const param = take();
  if (!/^[A-Za-z_]\w*$/.test(param)) throw new LrLambdaError(`"${param}" is not a parameter name in "${source}"`);
  take(':');

  const sum = (): Expr => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = take();
      const l = left;
      const r = product();
      left = op === '+' ? (e) => l(e) + r(e) : (e) => l(e) - r(e);
    }
    return left;
  };
  const product = (): Expr => {
    let left = unary();
    while (['*', '/', '//', '%'].includes(peek())) {
      const op = take();
      const l = left;
      const r = unary();
      if (op === '*') left = (e) => l(e) * r(e);
      else if (op === '/') left = (e) => l(e) / r(e);
      else if (op === '//') left = (e) => Math.floor(l(e) / r(e));
      else left = (e) => pyMod(l(e), r(e));
    }
    return left;
  };
  // Python: -a ** b is -(a ** b); a ** -b is allowed; ** is right-associative.
  const unary = (): Expr => {
    if (peek() === '-' || peek() === '+') {
      const op = take();
      const inner = unary();
      return op === '-' ? (e) => -inner(e) : inner;
    }
    return power();
  };
  const power = (): Expr => {
    const base = atom();
    if (peek() !== '**') return base;
    take('**');
    const exponent = unary();
    return (e) => base(e) ** exponent(e);
  };
  const atom = (): Expr => {
    const t = take();
    if (t === '(') {
      const inner = sum();
      take(')');
      return inner;
    }
    if (/^[\d.]/.test(t)) {
      const v = Number(t);
      return () => v;
    }
    if (t === param) return (e) => e;
    if (t in CONSTANTS) {
      const v = CONSTANTS[t];
      return () => v;
    }
    if (t in FUNCTIONS) {
      const fn = FUNCTIONS[t];
      take('(');
      const args: Expr[] = [sum()];
      while (peek() === ',') {
        take(',');
        args.push(sum());
      }
      take(')');
      return (e) => fn(...args.map((a) => a(e)));
    }
    throw new LrLambdaError(`"${t}" is not allowed in lr_lambda "${source}" (only ${param}, numbers and math)`);
  };
  const body = sum();
  if (i !== tokens.length) throw new LrLambdaError(`unexpected "${tokens[i]}" in lr_lambda "${source}"`);
  return body;
}
