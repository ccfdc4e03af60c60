/**
 * Portuguese labels of invoices and statements, one entry per concept of ../synonyms.ts. Phrases
 * are written folded, as foldLabel makes them (lower case, no accents, punctuation as spaces).
 * Weak phrases are ambiguous alone and score lower.
 */
import type { Lexicon } from './lexicon-types.ts';

export const PT: Lexicon = {
  concepts: {
    currency: { phrases: ['moeda', 'divisa'] },
    po_number: { phrases: ['numero do pedido', 'pedido', 'encomenda'] },
    customer_id: { phrases: ['numero de cliente', 'codigo do cliente', 'number cliente'] },
    invoice_number: { phrases: ['numero da nota', 'numero da fatura', 'numero do documento', 'number da nota', 'nota number', 'number da fatura', 'fatura number', 'nota fiscal number', 'number do documento'] },
    date: { phrases: ['data', 'data de emissao', 'data da emissao', 'emissao', 'data do documento'] },
    due_date: { phrases: ['vencimento', 'data de vencimento', 'data vencimento'] },
    total: { phrases: ['valor total da nota', 'valor total', 'valor liquido', 'total da nota', 'total da fatura', 'valor a pagar'] },
    subtotal: { phrases: ['valor dos servicos', 'valor dos produtos', 'total dos produtos', 'total dos servicos', 'valor bruto'] },
    tax: { phrases: ['iss', 'icms', 'impostos', 'valor do iss', 'valor do icms'] },
    vendor: { phrases: ['prestador de servicos', 'prestador', 'emitente', 'fornecedor'] },
    customer: { phrases: ['destinatario', 'tomador de servicos', 'tomador', 'destinatario remetente'] },
    name: { phrases: ['nome', 'razao social', 'nome razao social'] },
    description: { phrases: ['descricao', 'produto', 'discriminacao', 'descricao do servico', 'descricao dos servicos'] },
    quantity: { phrases: ['qtde', 'qtd', 'quantidade'] },
    unit_price: { phrases: ['valor unit', 'preco', 'preco unit', 'vl unit', 'vlr unit', 'valor unitario', 'preco unitario'] },
    amount: { phrases: ['valor total', 'valor', 'vl total', 'vlr total'] },
    transaction_date: { phrases: ['data', 'data do lancamento', 'lancamento'] },
  },
  documentNames: ['fatura', 'nota', 'recibo', 'extrato', 'orçamento'],
  dateAfterNumber: ['de', 'emitida em', 'emissão em'],
  dueIntro: ['vencimento em', 'pagar até', 'pagável até'],
  tableEnd: ['valor dos servicos', 'valor total', 'valor dos produtos'],
};
