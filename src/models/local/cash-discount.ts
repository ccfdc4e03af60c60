/**
 * Words of a cash discount for early payment ("2 % Skonto", "discount if paid by …"), in the
 * languages of the lexicon, matched in text without accents. A date or an amount in the same
 * clause is the discount's: its last day is not the due date, the discounted sum not the total.
 */
export const CASH_DISCOUNT = /skonto|discount|escompte|sconto|descuento|desconto|korting|rabatt/i;
