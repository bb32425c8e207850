import { DataError } from '@sqlflow/core';

/**
 * Splits the text of a top-level JSON array into the texts of its elements as chunks arrive,
 * holding only the element being read. `push` returns the elements completed by a chunk.
 */
export class JsonArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private ended = false;
  private current = '';

  constructor(private readonly location: string) {}

  push(chunk: string): string[] {
    const out: string[] = [];
    let start = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (!this.started) {
        if (c === '[') {
          this.started = true;
          this.depth = 1;
        } else if (!/\s/.test(c) && c !== '\ufeff') {
          throw new DataError(`s3: ${this.location} is not a JSON array (it starts with "${c}"); use \`"file_format": "jsonl"\` for one object per line`, { location: this.location });
        }
        continue;
      }
      if (this.ended) {
        if (!/\s/.test(c)) throw new DataError(`s3: ${this.location} has text after the closing \`]\` of its JSON array`, { location: this.location });
        continue;
      }
      if (c === '"') {
        this.inString = true;
        if (start < 0 && this.depth === 1) start = i;
        continue;
      }
      if (c === '{' || c === '[') {
        if (this.depth === 1 && start < 0) start = i;
        this.depth++;
        continue;
      }
      if (c === '}' || c === ']') {
        this.depth--;
        if (this.depth === 0) {
          this.finish(chunk, start, i, out);
          start = -1;
          this.ended = true;
        }
        continue;
      }
      if (this.depth === 1) {
        if (c === ',') {
          this.finish(chunk, start, i, out);
          start = -1;
        } else if (start < 0 && !/\s/.test(c)) {
          start = i;
        }
      }
    }
    if (start >= 0) this.current += chunk.slice(start);
    else if (this.current !== '' && this.depth > 0) this.current += chunk;
    return out;
  }

  /** Throws when the array never closed. */
  end(): void {
    if (!this.ended) throw new DataError(`s3: ${this.location} ends inside its JSON array (truncated file?)`, { location: this.location });
  }

  private finish(chunk: string, start: number, end: number, out: string[]): void {
    const text = (this.current + (start >= 0 ? chunk.slice(start, end) : chunk.slice(0, end))).trim();
    this.current = '';
    if (text !== '') out.push(text);
  }
}
