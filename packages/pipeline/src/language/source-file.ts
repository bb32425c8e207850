/** A position range in a pipeline file: 1-based line and column, 0-based offset, length in characters. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
}

/** The text of one pipeline file with a line index, for spans and caret excerpts. */
export class SourceFile {
  private readonly lineStarts: number[];

  constructor(
    /** The path as shown in messages (as given by the caller, or relative to the including file). */
    readonly path: string,
    readonly text: string,
  ) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** The 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1 };
  }

  /** The span from `start` (inclusive) to `end` (exclusive). */
  span(start: number, end: number = start): Span {
    const { line, column } = this.position(start);
    return { file: this.path, line, column, offset: start, length: Math.max(0, end - start) };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const raw = this.text.slice(start, next === undefined ? this.text.length : next - 1);
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  }
}
