/** One held-out document: its printable source, the tool that prints it, and its ground truth. */
export interface HeldoutDocument {
  id: string;
  tool: 'wkhtmltopdf' | 'lo-html' | 'groff';
  ext: 'html' | 'ms';
  source: string;
  schema: 'invoice.schema.json' | 'statement.schema.json';
  /** A null leaf means the document does not state it: LOCAL must return null there too. */
  expected: Record<string, unknown>;
}
