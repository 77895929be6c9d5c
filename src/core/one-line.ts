// Text taken from a user's file, made fit to quote inside a one-line message: line breaks and tabs
// written as \n, \r, \t, and anything longer than `max` characters cut with an ellipsis.

export function oneLine(text: string, max = 40): string {
  const cut = text.length > max ? text.slice(0, max) + '…' : text;
  return cut.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
