/**
 * French labels of invoices and statements, one entry per concept of ../synonyms.ts. Phrases
 * are written folded, as foldLabel makes them (lower case, no accents, punctuation as spaces).
 * Weak phrases are ambiguous alone and score lower.
 */
import type { Lexicon } from './lexicon-types.ts';

export const FR: Lexicon = {
  concepts: {
    currency: { phrases: ['devise', 'monnaie', 'code devise'] },
    invoice_number: { phrases: ['facture number', 'numero de facture', 'number de facture', 'facture numero', 'numero facture', 'n de facture'], weak: ['facture'] },
    date: { phrases: ['date de facture', 'date de la facture', 'date d emission', 'date', 'date facture', 'emise le', 'fait le', 'date de facturation'] },
    due_date: { phrases: ['date d echeance', 'echeance', 'a payer avant le', 'a payer avant', 'payable avant', 'date limite de paiement', 'date d exigibilite', 'date d exigibilite du paiement'] },
    total: { phrases: ['total ttc', 'montant ttc', 'net a payer', 'montant total ttc', 'total a payer', 'montant a payer', 'montant total'] },
    subtotal: { phrases: ['total ht', 'montant ht', 'sous total', 'montant total ht', 'total hors taxes', 'montant hors taxes', 'montant net ht', 'net ht'] },
    tax: { phrases: ['montant tva', 'tva', 'total tva', 'montant total tva'] },
    vendor: { phrases: ['fournisseur', 'vendeur', 'emetteur', 'prestataire', 'expediteur'] },
    customer: { phrases: ['facture a', 'adresse de facturation', 'client', 'acheteur', 'destinataire', 'facture au nom de', 'adresse de facture'], headings: ['facturation'] },
    account_number: { phrases: ['numero de compte', 'compte'] },
    account_holder: { phrases: ['titulaire', 'titulaire du compte'] },
    opening_balance: { phrases: ['solde initial', 'solde precedent', 'ancien solde'] },
    closing_balance: { phrases: ['solde final', 'nouveau solde'] },
    po_number: { phrases: ['bon de commande', 'numero de commande', 'number de commande', 'commande number', 'votre commande', 'reference commande'] },
    customer_id: { phrases: ['numero client', 'number client', 'code client', 'reference client', 'numero de client'] },
    tax_id: { phrases: ['siret', 'tva intracommunautaire', 'numero de tva', 'n tva', 'tva intracom', 'numero tva intracommunautaire'] },
    description: { phrases: ['libelle', 'designation', 'produit', 'produits', 'descriptif', 'article', 'prestation'] },
    quantity: { phrases: ['quantite'] },
    sku: { phrases: ['reference', 'reference article', 'code article', 'code produit'] },
    unit_price: { phrases: ['prix unitaire', 'prix unit', 'prix', 'pu ht', 'prix ht', 'prix unitaire ht'] },
    amount: { phrases: ['montant', 'montant ht', 'total ht', 'prix total', 'montant total'] },
    transaction_date: { phrases: ['date operation', 'date de valeur'] },
    debit: { phrases: ['depenses', 'sorties'] },
    credit: { phrases: ['recettes'] },
    balance: { phrases: ['solde'] },
    street: { phrases: ['rue'] },
    city: { phrases: ['ville', 'localite'] },
    postal_code: { phrases: ['code postal', 'cp'] },
    country: { phrases: ['pays'] },
    address: { phrases: ['adresse', 'adresse postale', 'siege social'] },
    name: { phrases: ['nom', 'raison sociale', 'societe', 'denomination'] },
    unit: { phrases: ['unite'] },
    ship_to: { phrases: ['adresse de livraison', 'livre a', 'lieu de livraison'], headings: ['livraison'] },
    position: { phrases: ['ligne'] },
    buyer_reference: { phrases: ['votre reference', 'reference acheteur', 'vos references'] },
    delivery_date: { phrases: ['date de livraison', 'date de prestation', 'date de la prestation', 'date de la livraison', 'date d execution'] },
  },
  documentNames: ['facture', 'avoir', 'reçu', 'relevé', 'devis', 'facture proforma'],
  dateAfterNumber: ['du', 'en date du', 'émise le', 'emise le'],
  leadIns: ['dont', 'plus'],
  dueIntro: ['payable au plus tard le', 'à payer avant le', 'a payer avant le', 'payable le', 'payable avant le', 'échéance le'],
  tableEnd: ['total ht', 'total ttc', 'sous total'],
};
