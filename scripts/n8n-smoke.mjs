#!/usr/bin/env node
// End-to-end proof of the real-n8n runtime harness (scripts/lib/n8n-runtime.mjs) with a throwaway
// community package, independent of the real Cloudlock package:
//   ensureRuntime → pack + install a tiny n8n-nodes-* package into a fresh user folder →
//   import:credentials + import:workflow → execute --id --rawOutput → publish a polling workflow →
//   n8n start → owner + API key → public API (workflows, executions of the polling trigger) →
//   credential test via REST (pass + fail) and public API → stop.
// Usage: node scripts/n8n-smoke.mjs [--keep] [--wait-cron] [--durable]
//   --keep       keep the temp folder (user folder, package, logs) for inspection
//   --wait-cron  also wait for the polling trigger's first cron tick (up to ~70 s more)
//   --durable    run n8n with the durable scheduler + durable poll cursors (opt-in in 2.40.7)
//   --restart    restart n8n once more and report whether the trigger polls again at start
// Exit 0 only if every assertion holds.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import {
	api,
	ensureRuntime,
	executeWorkflow,
	freePort,
	importCredentials,
	installPackage,
	n8nEnv,
	rest,
	runCliOk,
	setupOwnerAndApiKey,
	startN8n,
} from './lib/n8n-runtime.mjs';

const args = new Set(process.argv.slice(2));
const KEEP = args.has('--keep');
const WAIT_CRON = args.has('--wait-cron');
const DURABLE = args.has('--durable');
const RESTART = args.has('--restart');
/** Env that turns on 2.40.7's durable scheduler for poll triggers with durable cursors (all default false). */
const DURABLE_ENV = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};

const SMOKE_PACKAGE = 'n8n-nodes-harness-smoke';
const GOOD_KEY = 'good-key';
const CRED_ID = 'smokeCredential1';
const MANUAL_WF_ID = 'smokeManualWf001';
const POLL_WF_ID = 'smokePollingWf01';

const timings = [];
let phaseStart = Date.now();
function phase(name) {
	const now = Date.now();
	timings.push([name, now - phaseStart]);
	console.log(`[smoke] ✓ ${name} (${((now - phaseStart) / 1000).toFixed(1)}s)`);
	phaseStart = now;
}
function assert(cond, msg, extra) {
	if (!cond) {
		const err = new Error(
			`assertion failed: ${msg}${extra === undefined ? '' : `\n${typeof extra === 'string' ? extra : JSON.stringify(extra, null, 2).slice(0, 4000)}`}`,
		);
		throw err;
	}
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- the throwaway package -------------------------------------------------------------------

const SMOKE_NODE = `'use strict';
class SmokeNode {
	constructor() {
		this.description = {
			displayName: 'Harness Smoke',
			name: 'smokeNode',
			icon: 'fa:check',
			group: ['transform'],
			version: 1,
			description: 'Harness smoke node',
			defaults: { name: 'Harness Smoke' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'smokeApi', required: false }],
			properties: [{ displayName: 'Message', name: 'message', type: 'string', default: 'hi' }],
		};
	}
	async execute() {
		const message = this.getNodeParameter('message', 0);
		let ping = null;
		const creds = await this.getCredentials('smokeApi').catch(() => null);
		if (creds) {
			ping = await this.helpers.httpRequestWithAuthentication.call(this, 'smokeApi', {
				method: 'GET',
				url: creds.baseUrl + '/ping',
				json: true,
			});
		}
		return [[{ json: { ok: true, message, ping } }]];
	}
}
module.exports = { SmokeNode };
`;

const SMOKE_TRIGGER = `'use strict';
class SmokeTrigger {
	constructor() {
		this.description = {
			displayName: 'Harness Smoke Trigger',
			name: 'smokeTrigger',
			icon: 'fa:clock',
			group: ['trigger'],
			version: 1,
			description: 'Emits one item per poll',
			defaults: { name: 'Harness Smoke Trigger' },
			polling: true,
			inputs: [],
			outputs: ['main'],
			properties: [],
		};
	}
	async poll() {
		const state = this.getWorkflowStaticData('node');
		state.count = (state.count || 0) + 1;
		const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : null;
		return [[{ json: { count: state.count, polledAt: new Date().toISOString(), mode: this.getMode(), activation: this.getActivationMode(), budgetMs: budget } }]];
	}
}
module.exports = { SmokeTrigger };
`;

const SMOKE_CREDENTIAL = `'use strict';
class SmokeApi {
	constructor() {
		this.name = 'smokeApi';
		this.displayName = 'Harness Smoke API';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		];
		this.authenticate = {
			type: 'generic',
			properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
		};
		this.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/ping' } };
	}
}
module.exports = { SmokeApi };
`;

function writeSmokePackage(dir) {
	const files = {
		'package.json': JSON.stringify(
			{
				name: SMOKE_PACKAGE,
				version: '0.0.1',
				description: 'Throwaway package for the n8n runtime harness smoke test',
				license: 'MIT',
				keywords: ['n8n-community-node-package'],
				files: ['dist'],
				n8n: {
					n8nNodesApiVersion: 1,
					credentials: ['dist/credentials/SmokeApi.credentials.js'],
					nodes: ['dist/nodes/SmokeNode.node.js', 'dist/nodes/SmokeTrigger.node.js'],
				},
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
		'dist/nodes/SmokeNode.node.js': SMOKE_NODE,
		'dist/nodes/SmokeTrigger.node.js': SMOKE_TRIGGER,
		'dist/credentials/SmokeApi.credentials.js': SMOKE_CREDENTIAL,
	};
	for (const [rel, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), content);
	}
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', path.dirname(dir)], {
		cwd: dir,
		encoding: 'utf8',
		env: { ...process.env, npm_config_ignore_scripts: 'true' },
	});
	return path.join(path.dirname(dir), out.trim().split('\n').pop());
}

// --- the fake service the credential talks to -------------------------------------------------

function startFakeService() {
	const hits = [];
	const server = http.createServer((req, res) => {
		hits.push({ method: req.method, url: req.url, auth: req.headers.authorization ?? null });
		if (req.url === '/ping') {
			const ok = req.headers.authorization === `Bearer ${GOOD_KEY}`;
			res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
			res.end(JSON.stringify(ok ? { pong: true } : { error: 'invalid api key' }));
			return;
		}
		res.writeHead(404).end();
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, hits, url: `http://127.0.0.1:${server.address().port}` }),
		);
	});
}

// --- main ------------------------------------------------------------------------------------

async function main() {
	const t0 = Date.now();
	const runtime = await ensureRuntime({ log: (m) => console.log(m) });
	phase('ensureRuntime');

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-smoke-'));
	const userFolder = path.join(tmp, 'user');
	let n8n = null;
	let fake = null;
	try {
		fake = await startFakeService();
		const tarball = writeSmokePackage(path.join(tmp, 'pkg'));
		const installed = await installPackage({ userFolder, tarball });
		assert(installed.packageName === SMOKE_PACKAGE, 'installed package name', installed);
		const prefix = installed.nodeTypePrefix;
		phase('npm pack + installPackage');

		const env = n8nEnv({
			userFolder,
			port: await freePort(),
			runtime,
			extra: DURABLE ? DURABLE_ENV : {},
		});

		await importCredentials(runtime, env, [
			{
				id: CRED_ID,
				name: 'Smoke credential',
				type: 'smokeApi',
				data: { baseUrl: fake.url, apiKey: GOOD_KEY },
			},
		]);
		phase('import:credentials (plaintext data)');

		const manual = {
			id: MANUAL_WF_ID,
			name: 'Harness smoke (manual)',
			active: false,
			nodes: [
				{
					id: 'a0000000-0000-4000-8000-000000000001',
					name: 'Manual',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'a0000000-0000-4000-8000-000000000002',
					name: 'Smoke',
					type: `${prefix}.smokeNode`,
					typeVersion: 1,
					position: [220, 0],
					parameters: { message: 'hello from the harness' },
					credentials: { smokeApi: { id: CRED_ID, name: 'Smoke credential' } },
				},
			],
			connections: { Manual: { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const exec = await executeWorkflow(runtime, env, manual);
		assert(exec.code === 0 && exec.run, 'execute --id exits 0 with JSON', {
			code: exec.code,
			stdout: exec.stdout.slice(-3000),
			stderr: exec.stderr.slice(-3000),
		});
		const smokeRuns = exec.run.data?.resultData?.runData?.Smoke;
		const out = smokeRuns?.[0]?.data?.main?.[0]?.[0]?.json;
		assert(out?.ok === true, 'smoke node output ok:true', exec.run.data?.resultData);
		assert(out.message === 'hello from the harness', 'parameter reached the node', out);
		assert(out.ping?.pong === true, 'credential-authenticated request to the local service', out);
		assert(
			fake.hits.some((h) => h.auth === `Bearer ${GOOD_KEY}`),
			'service saw the bearer key',
			fake.hits,
		);
		phase(`import:workflow + execute --id --rawOutput (execute ${(exec.ms / 1000).toFixed(1)}s)`);

		const polling = {
			id: POLL_WF_ID,
			name: 'Harness smoke (polling)',
			active: false,
			nodes: [
				{
					id: 'b0000000-0000-4000-8000-000000000001',
					name: 'Smoke Trigger',
					type: `${prefix}.smokeTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		};
		const pollFile = path.join(userFolder, 'polling.json');
		fs.writeFileSync(pollFile, JSON.stringify(polling));
		await runCliOk(runtime, env, ['import:workflow', `--input=${pollFile}`]);
		await runCliOk(runtime, env, ['publish:workflow', `--id=${POLL_WF_ID}`]);
		phase('import:workflow + publish:workflow (polling)');

		n8n = await startN8n(runtime, env, { log: (m) => console.log(m) });
		const startedAt = Date.now();
		phase('n8n start → /healthz/readiness');

		const { apiKey, cookie } = await setupOwnerAndApiKey(n8n.url);
		assert(typeof apiKey === 'string' && apiKey.length > 20, 'api key created');
		phase('owner setup + login + API key');

		const pub = api(n8n.url, apiKey);
		const wfs = await pub.get('/workflows');
		const ids = wfs.data.map((w) => w.id).sort();
		assert(
			ids.includes(MANUAL_WF_ID) && ids.includes(POLL_WF_ID),
			'public API lists both workflows',
			ids,
		);
		const pollWf = wfs.data.find((w) => w.id === POLL_WF_ID);
		assert(
			pollWf.active === true,
			'polling workflow is active after publish:workflow + start',
			pollWf,
		);
		phase('public API GET /workflows');

		// activation polls once immediately; the execution shows up asynchronously
		let pollExecs = [];
		for (let i = 0; i < 60 && pollExecs.length === 0; i++) {
			pollExecs = (await pub.get('/executions', { workflowId: POLL_WF_ID, includeData: true }))
				.data;
			if (pollExecs.length === 0) await sleep(500);
		}
		assert(pollExecs.length >= 1, 'the activation poll produced an execution', pollExecs);
		const first = pollExecs[pollExecs.length - 1];
		const firstItem =
			first.data?.resultData?.runData?.['Smoke Trigger']?.[0]?.data?.main?.[0]?.[0]?.json;
		assert(
			firstItem?.count === 1,
			'first poll item (count 1) readable via /executions?includeData=true',
			first,
		);
		console.log(
			`[smoke]   activation poll: mode=${firstItem.mode} activation=${firstItem.activation} budgetMs=${firstItem.budgetMs} (${((Date.parse(first.startedAt) - startedAt) / 1000).toFixed(1)}s after ready)`,
		);
		phase('immediate poll at start → execution via public API');

		const r = rest(n8n.url, cookie);
		const pass = await r.post('/credentials/test', {
			credentials: {
				id: CRED_ID,
				name: 'Smoke credential',
				type: 'smokeApi',
				data: { baseUrl: fake.url, apiKey: GOOD_KEY },
			},
		});
		assert(pass?.status === 'OK', 'REST credential test passes with the good key', pass);
		const fail = await r.post('/credentials/test', {
			credentials: {
				id: CRED_ID,
				name: 'Smoke credential',
				type: 'smokeApi',
				data: { baseUrl: fake.url, apiKey: 'wrong-key' },
			},
		});
		assert(fail?.status === 'Error', 'REST credential test fails with a wrong key', fail);
		const pubTest = await pub.post(`/credentials/${CRED_ID}/test`);
		assert(
			pubTest?.status === 'OK' || pubTest?.success === true,
			'public API credential test (stored data) passes',
			pubTest,
		);
		console.log(
			`[smoke]   REST test ok=${JSON.stringify(pass)} fail=${JSON.stringify(fail)} public=${JSON.stringify(pubTest)}`,
		);
		phase('credential test via REST (pass + fail) and public API');

		if (WAIT_CRON) {
			let execs = pollExecs;
			const deadline = Date.now() + 75_000;
			while (execs.length < 2 && Date.now() < deadline) {
				await sleep(2000);
				execs = (await pub.get('/executions', { workflowId: POLL_WF_ID, includeData: true })).data;
			}
			assert(execs.length >= 2, 'a cron poll followed within ~75 s', execs.length);
			const second =
				execs[0].data?.resultData?.runData?.['Smoke Trigger']?.[0]?.data?.main?.[0]?.[0]?.json;
			assert(
				second?.count === 2,
				'static data from the first poll survived into the cron poll',
				second,
			);
			console.log(
				`[smoke]   cron poll at ${execs[0].startedAt} (first at ${first.startedAt}), count=${second.count} mode=${second.mode} activation=${second.activation} budgetMs=${second.budgetMs}`,
			);
			phase('cron poll');
		}

		const execsBeforeStop = (await pub.get('/executions', { workflowId: POLL_WF_ID })).data.length;
		const stopped = await n8n.stop();
		n8n = null;
		phase(`stop (exit ${stopped.code ?? stopped.signal})`);

		if (RESTART) {
			// does a restart poll immediately again, and does the poll state survive it?
			const before = execsBeforeStop;
			n8n = await startN8n(runtime, env);
			const again = api(n8n.url, apiKey);
			let execs = [];
			for (let i = 0; i < 20; i++) {
				execs = (await again.get('/executions', { workflowId: POLL_WF_ID, includeData: true }))
					.data;
				if (execs.length > before && execs.every((e) => e.finished)) break;
				await sleep(500);
			}
			const newest = [...execs].sort((a, b) => Number(b.id) - Number(a.id))[0];
			const latest =
				newest?.data?.resultData?.runData?.['Smoke Trigger']?.[0]?.data?.main?.[0]?.[0]?.json;
			console.log(
				`[smoke]   after restart: ${execs.length - before} new execution(s) within 10 s; newest #${newest?.id} count=${latest?.count} activation=${latest?.activation}`,
			);
			await n8n.stop();
			n8n = null;
			phase('restart (report only)');
		}

		console.log(`[smoke] PASS in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
		for (const [name, ms] of timings)
			console.log(`[smoke]   ${(ms / 1000).toFixed(1).padStart(6)}s  ${name}`);
	} catch (err) {
		if (n8n)
			console.error(`[smoke] n8n log tail:\n${n8n.logs().split('\n').slice(-40).join('\n')}`);
		throw err;
	} finally {
		if (n8n) await n8n.stop();
		if (fake) fake.server.close();
		if (KEEP) console.log(`[smoke] kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main().catch((err) => {
	console.error(`[smoke] FAIL: ${err.stack ?? err}`);
	process.exit(1);
});
