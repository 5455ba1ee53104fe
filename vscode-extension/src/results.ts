// How evaluation results read in the editor: the one-line inline text after a form, the
// full text for the hover, and the lines written to the "kiln eval" output channel. Pure.

export interface EvalResponse {
  value: string | null;
  out: string;
  err: string;
  error: { message: string; range: unknown } | null;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  truncated: number | null;
}

/** Collapses whitespace runs (printed values can span lines) and caps the length. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, Math.max(0, max - 1)) + '…' : flat;
}

/** The inline decoration text: `=> value` or `✗ message`. */
export function inlineText(r: EvalResponse, max = 120): { text: string; isError: boolean } {
  if (r.error) {
    return { text: '✗ ' + oneLine(r.error.message, max), isError: true };
  }
  return { text: '=> ' + oneLine(r.value ?? 'nil', max), isError: false };
}

/** Markdown for hovering an inline result: the whole value (or error), and output. */
export function hoverMarkdown(r: EvalResponse, fullValue?: string): string {
  const parts: string[] = [];
  if (r.error) {
    parts.push('**Error**\n\n```\n' + r.error.message + '\n```');
  } else {
    parts.push('```clojure\n' + (fullValue ?? r.value ?? 'nil') + '\n```');
  }
  if (r.out) parts.push('*out*\n```\n' + r.out + '\n```');
  if (r.err) parts.push('*err*\n```\n' + r.err + '\n```');
  return parts.join('\n\n');
}

/** Lines for the output channel. */
export function channelLines(code: string, r: EvalResponse): string[] {
  const lines = [`;; ${oneLine(code, 200)}`];
  if (r.out) lines.push(r.out.replace(/\n$/, ''));
  if (r.err) lines.push(r.err.replace(/\n$/, ''));
  lines.push(r.error ? `;; error: ${r.error.message}` : `=> ${r.value ?? 'nil'}`);
  return lines;
}
