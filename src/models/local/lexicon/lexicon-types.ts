/** The labels one language prints for LOCAL's concepts (see ../synonyms.ts for the concepts). */
export interface LexiconEntry {
  phrases?: readonly string[];
  /** Ambiguous alone ("Amount", "Rechnung"): a match scores lower than a specific label. */
  weak?: readonly string[];
  /**
   * Names of a party that count only as a section heading on a line of their own ("Facturation",
   * "Livraison"): inline, the same word is part of other labels ("Date de facturation").
   */
  headings?: readonly string[];
}

export interface Lexicon {
  /** Keyed by concept key (invoice_number, vendor, ...). */
  concepts: Readonly<Record<string, LexiconEntry>>;
  /**
   * What a document calls itself in its title or in a sentence ("Rechnung", "credit note"),
   * written as printed (accents kept, lower case): a title is not a party's name, and
   * "Rechnung Nr. 4711" names the document's number.
   */
  documentNames: readonly string[];
  /**
   * Titles of other documents an invoice refers to ("Lieferschein", "delivery note"), written as
   * printed: never a party's name, and, unlike documentNames, never the document's own number.
   */
  otherDocumentNames?: readonly string[];
  /**
   * Words that join a document number to its date in a sentence ("Rechnung Nr. 4711 vom
   * 12.06.2019", "Invoice 12 dated 3 May 2024"), written as printed (accents kept, lower case).
   */
  dateAfterNumber: readonly string[];
  /** Words that introduce a due date in running text ("zahlbar bis", "payable au plus tard le"). */
  dueIntro: readonly string[];
  /**
   * Words that may stand before a label without being part of it ("zzgl. 19% USt.", "plus VAT",
   * "incl. tax"), written folded; a rate may follow them.
   */
  leadIns?: readonly string[];
  /** Text at the start of a table line that ends an item table (the totals under the items). */
  tableEnd: readonly string[];
  /**
   * Words that may open a party's section heading before the party's own phrase ("Angaben zum
   * Verkäufer", "Details of the buyer"), written folded. Each combines with every party phrase of
   * the same language into a heading that counts only on a line of its own.
   */
  headingLeadIns?: readonly string[];
}
