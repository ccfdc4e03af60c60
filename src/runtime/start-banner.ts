import { LOCAL_NOTICE } from '../models/local/local-notice.ts';

export interface BannerFacts {
  /** The GraphQL endpoint. */
  url: string;
  /** The key created by this start (first start on an empty database), shown only now. */
  bootstrapKey: string | null;
  /** "Models: ..." (create-provider.ts): which models jobs can use here, the default first. */
  modelsLine: string;
  /** A Gemini key or an OpenAI-compatible server is configured. */
  languageModelConfigured: boolean;
}

/**
 * What `npm start` prints once it is ready: where to go, how to authenticate, and which models
 * jobs can use — with no model configured, plainly that LOCAL is not a language model and how to
 * get one, because users otherwise read LOCAL's empty fields as a failed AI.
 */
export function startBanner(facts: BannerFacts): string {
  const { url, bootstrapKey } = facts;
  const lines = [`  paperjson is running: ${url}`];
  if (bootstrapKey) {
    lines.push(
      '',
      '  First start: created the tenant "default" and its API key (shown only now, keep it):',
      `    ${bootstrapKey}`,
      '',
      `  GraphiQL:  ${url}?apiKey=${encodeURIComponent(bootstrapKey)}`,
      `  Header:    {"Authorization": "Bearer ${bootstrapKey}"}`,
    );
  } else {
    lines.push('  Use your API key as "Authorization: Bearer <key>" (create more with: npm run apikey -- create --tenant NAME).');
  }
  lines.push('', `  ${facts.modelsLine}${facts.languageModelConfigured ? '' : ' (no model key is set)'}`);
  if (!facts.languageModelConfigured) lines.push(...wrap(LOCAL_NOTICE, 96).map((line) => `    ${line}`));
  return `\n${lines.join('\n')}\n\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
