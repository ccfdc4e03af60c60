/**
 * The settings table as people read it: the README's configuration table (written by
 * `npm run docs:config`, checked by a test) and the environment part of `--help`.
 */
import { SETTINGS, type SettingUser } from './settings.ts';

interface Row {
  names: string[];
  shownDefault: string;
  accepts: string;
  usedBy: SettingUser;
  secret: boolean;
  description: string;
}

function rows(): Row[] {
  return Object.values(SETTINGS).map((entry) => ({
    names: [entry.env, ...(entry.also ?? [])],
    shownDefault: entry.shownDefault ?? entry.default ?? '(unset)',
    accepts: entry.kind.accepts,
    usedBy: entry.usedBy,
    secret: entry.secret ?? false,
    description: entry.description,
  }));
}

const START = '<!-- config-table: written by `npm run docs:config` from src/config/settings.ts; do not edit by hand -->';
const END = '<!-- /config-table -->';

/** The Markdown table of every setting, between its marker comments. */
function configTableMarkdown(): string {
  const lines = [
    START,
    '| variable | default | accepts | read by | meaning |',
    '|---|---|---|---|---|',
    ...rows().map((row) =>
      [
        row.names.map((name) => `\`${name}\``).join(' / '),
        row.shownDefault,
        row.accepts,
        row.usedBy,
        `${row.description}${row.secret ? ' (secret)' : ''}`,
      ]
        .map((cell) => cell.replaceAll('|', '\\|'))
        .join(' | '),
    ).map((line) => `| ${line} |`),
    END,
  ];
  return lines.join('\n');
}

/** `readme` with its configuration table replaced by the current one. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md lacks the config table markers:\n${START}\n${END}`);
  return readme.slice(0, start) + configTableMarkdown() + readme.slice(end + END.length);
}

/** The settings a process reads, as plain text for its `--help`. */
export function configHelpText(reads: readonly SettingUser[]): string {
  const shown = rows().filter((row) => reads.includes(row.usedBy));
  const width = Math.max(...shown.map((row) => row.names.join(' / ').length)) + 2;
  const indent = ' '.repeat(2 + width);
  const entries = shown.map((row) => {
    const name = row.names.join(' / ').padEnd(width);
    const about = wrap(`${row.description.replaceAll('`', '')}${row.secret ? ' (secret)' : ''}`, HELP_WIDTH - indent.length);
    const detail = `accepts ${row.accepts}; default ${row.shownDefault}`;
    return [`  ${name}${about.join(`\n${indent}`)}`, `${indent}${detail}`].join('\n');
  });
  return `Environment (an empty value counts as unset; a bad value stops the start with every problem listed):\n${entries.join('\n')}\n`;
}

const HELP_WIDTH = 100;

/** `text` in lines of at most `width` characters, broken at spaces (a longer word gets its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}
