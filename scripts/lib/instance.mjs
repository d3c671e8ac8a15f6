// One disposable n8n instance with this package installed the way a user installs a community
// package, a Cloudlock credential and workflows imported through n8n's own CLI, then `n8n start`
// with an owner account and a public-API key. Shared by demo.mjs, e2e.mjs and screenshot.mjs.
import fs from 'node:fs';
import path from 'node:path';

import {
	api,
	ensureRuntime,
	freePort,
	importCredentials,
	installPackage,
	n8nEnv,
	parseRawOutput,
	rest,
	runCli,
	runCliOk,
	setupOwnerAndApiKey,
	startN8n,
} from './n8n-runtime.mjs';

/** Port 5678 (n8n's usual) when free, else any free port. */
export async function preferredPort(wanted = 5678) {
	const net = await import('node:net');
	const free = await new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(wanted, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
	return free ? wanted : await freePort();
}

/**
 * Wipes and fills `userFolder`: installs the tarball as a community package, imports the
 * credential (plaintext data through `import:credentials`) and the workflows (one
 * `import:workflow --separate`), publishes `publish` (workflow ids). Returns `{ runtime, env }`.
 */
export async function prepareInstance({
	userFolder,
	tarball,
	credentials = [],
	workflows = [],
	publish = [],
	port,
	extraEnv = {},
	log = () => {},
	runtime,
}) {
	runtime ??= await ensureRuntime({ log });
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	const installed = await installPackage({ userFolder, tarball });
	log(
		`installed ${installed.packageName} into ${path.relative(process.cwd(), installed.packageDir)}`,
	);

	const env = n8nEnv({ userFolder, port: port ?? (await freePort()), runtime, extra: extraEnv });
	if (credentials.length) await importCredentials(runtime, env, credentials);
	if (workflows.length) await importWorkflows(runtime, env, workflows);
	for (const id of publish) await runCliOk(runtime, env, ['publish:workflow', `--id=${id}`]);
	return { runtime, env, installed };
}

/** Imports workflow objects with one `n8n import:workflow --separate` (each needs an `id`). */
export async function importWorkflows(runtime, env, workflows) {
	const dir = fs.mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-'));
	try {
		workflows.forEach((wf, i) => {
			if (!wf.id) throw new Error(`importWorkflows: workflow "${wf.name}" has no id`);
			fs.writeFileSync(path.join(dir, `${String(i).padStart(2, '0')}.json`), JSON.stringify(wf));
		});
		return await runCliOk(runtime, env, ['import:workflow', '--separate', `--input=${dir}`]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * `n8n start` on a prepared instance, then the owner account (only the first time: `owner`
 * given) and a public-API key → `{ n8n, url, apiKey, cookie, pub, internal }`.
 */
export async function launch({ runtime, env, owner, session, log = () => {} }) {
	const n8n = await startN8n(runtime, env, { log });
	try {
		const auth = session ?? (await setupOwnerAndApiKey(n8n.url, owner));
		return {
			n8n,
			url: n8n.url,
			apiKey: auth.apiKey,
			cookie: auth.cookie,
			pub: api(n8n.url, auth.apiKey),
			internal: rest(n8n.url, auth.cookie),
		};
	} catch (err) {
		await n8n.stop();
		throw err;
	}
}

/** Logs in again after a restart (the auth cookie does not survive it) → cookie. */
export async function login(url, { email, password }) {
	const res = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('login did not return an n8n-auth cookie');
	return cookie;
}

/** All executions of a workflow (newest first, with data), following the public API's cursor. */
export async function listExecutions(pub, workflowId, { includeData = true } = {}) {
	const out = [];
	let cursor;
	for (let page = 0; page < 50; page++) {
		const res = await pub.get('/executions', { workflowId, includeData, limit: 100, cursor });
		out.push(...(res.data ?? []));
		cursor = res.nextCursor;
		if (!cursor) break;
	}
	return out.sort((a, b) => Number(b.id) - Number(a.id));
}

/** First output items (json) of `nodeName` in an execution with data, or [] when it did not run. */
export function nodeOutput(execution, nodeName) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return [];
	return runs.flatMap((r) => (r.data?.main?.[0] ?? []).map((i) => i.json));
}

/** Error message of a failed execution (workflow-level or first failed node), or null. */
export function executionError(execution) {
	const rd = execution?.data?.resultData;
	if (rd?.error) return `${rd.error.node?.name ?? rd.lastNodeExecuted ?? ''}: ${rd.error.message}`;
	for (const [name, runs] of Object.entries(rd?.runData ?? {})) {
		for (const r of runs) if (r.error) return `${name}: ${r.error.message}`;
	}
	return null;
}

const DONE = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Waits (bounded) until `count` executions of `workflowId` that are not in `known` (a set of
 * execution ids) have finished → those executions with their data, oldest first. `onTick(elapsedMs,
 * seen)` runs every poll. Throws after `timeoutMs` with what it saw.
 */
export async function waitForExecutions(
	pub,
	workflowId,
	{ known = new Set(), count = 1, timeoutMs = 150_000, intervalMs = 1500, onTick = () => {} } = {},
) {
	const t0 = Date.now();
	let fresh = [];
	for (;;) {
		const list = await listExecutions(pub, workflowId, { includeData: false });
		fresh = list.filter((e) => !known.has(String(e.id)));
		const done = fresh.filter((e) => DONE.has(e.status));
		if (done.length >= count && done.length === fresh.length) {
			const full = [];
			for (const e of done.sort((a, b) => Number(a.id) - Number(b.id))) {
				full.push(await pub.get(`/executions/${e.id}`, { includeData: true }));
			}
			return full;
		}
		const elapsed = Date.now() - t0;
		if (elapsed > timeoutMs) {
			throw new Error(
				`waited ${Math.round(timeoutMs / 1000)} s for ${count} new execution(s) of workflow ${workflowId}; saw ${fresh.length} (${fresh.map((e) => `#${e.id} ${e.status}`).join(', ') || 'none'})`,
			);
		}
		onTick(elapsed, fresh);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/**
 * `n8n execute --id=<id> --rawOutput` on an imported workflow (with a Manual Trigger) → `{ run,
 * code, ms, error }`: `run` the parsed run data (null if none), `error` a readable reason or null.
 */
export async function executeImported(runtime, env, id, { timeoutMs = 180_000 } = {}) {
	const res = await runCli(runtime, env, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
	let run = null;
	try {
		run = parseRawOutput(res.stdout);
	} catch {
		// no run data printed (e.g. the workflow could not start)
	}
	let error = null;
	if (res.code !== 0 || !run) {
		const fromRun = run ? executionError({ data: run.data }) : null;
		const printed = /Execution error:\s*=+\s*([\s\S]*?)(\n\s+at |$)/.exec(res.stdout + res.stderr);
		error =
			fromRun ??
			printed?.[1]?.trim() ??
			`exit ${res.code}${res.timedOut ? ' (timed out)' : ''}: ${(res.stderr || res.stdout).slice(-500)}`;
	}
	return { run, code: res.code, ms: res.ms, error };
}

/** Output items (json) of `nodeName` in a run printed by `n8n execute --rawOutput`. */
export function runOutput(run, nodeName) {
	return nodeOutput({ data: run?.data }, nodeName);
}
