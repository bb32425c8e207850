import type { Template, VariableReference } from './ast';
import type { Span } from './source-file';

/** Accumulates literal text and variable references into a {@link Template}. */
export class TemplateBuilder {
  private readonly parts: Array<string | VariableReference> = [];
  private text = '';

  /** Appends literal text. */
  literal(text: string): void {
    this.text += text;
  }

  /** Appends a variable reference. */
  variable(ref: VariableReference): void {
    if (this.text) this.parts.push(this.text);
    this.text = '';
    this.parts.push(ref);
  }

  /** The template so far, covering `span`. */
  build(span: Span): Template {
    const parts = this.text ? [...this.parts, this.text] : [...this.parts];
    return { parts, span };
  }
}

/** A template of literal text only. */
export function literalTemplate(text: string, span: Span): Template {
  return { parts: text ? [text] : [], span };
}

/** The template as written, with `${...}` references shown in place. */
export function templateSource(template: Template): string {
  return template.parts
    .map((p) => (typeof p === 'string' ? p : `\${${p.name}${p.defaultValue === undefined ? '' : `|${p.defaultValue}`}}`))
    .join('');
}
