#!/usr/bin/env node
// `npm run test:e2e`: this package in a real n8n 2.40.7, installed from its packed tarball as a
// community package, against the Cloudlock simulator. Asserts node/credential registration, the
// credential test, an action workflow's exact output, the published trigger workflow (one
// execution per incident, IP added once, restart-safe) and that every example imports cleanly.
// Prints each phase's time; exits non-zero with the reason on the first failed assertion.
//
//   node scripts/e2e.mjs [--keep] [--rebuild]
//     --keep     keep the temporary n8n user folder (it is always kept after a failure)
//     --rebuild  build and pack even when the sources did not change
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { startChatReceiver } from './lib/chat-receiver.mjs';
import { createConsole, sleep } from './lib/console.mjs';
import {
	AUTO_BLOCK_NODES,
	chatReceiverExample,
	EXAMPLES,
	EXAMPLES_DIR,
	incidentGetManyWorkflow,
	loadExample,
	withManualStart,
	workflowIssues,
} from './lib/examples.mjs';
import {
	executeImported,
	executionError,
	launch,
	listExecutions,
	nodeOutput,
	prepareInstance,
	runOutput,
	waitForExecutions,
} from './lib/instance.mjs';
import { api, ensureRuntime, runCliOk, startN8n } from './lib/n8n-runtime.mjs';
import { buildAndPack } from './lib/package-tarball.mjs';
import {
	isTriggerPoll,
	libraryEntries,
	loadSimulator,
	raiseUebaIncident,
	simControl,
	simIncident,
} from './lib/story.mjs';

const args = new Set(process.argv.slice(2));
for (const a of args) {
	if (!['--keep', '--rebuild'].includes(a)) {
		console.error(`unknown argument ${a}\nusage: node scripts/e2e.mjs [--keep] [--rebuild]`);
		process.exit(2);
	}
}
const con = createConsole('e2e');
const PKG = 'n8n-nodes-cisco-cloudlock';
const CREDENTIAL = {
	id: 'e2eCloudlockCred1',
	name: 'Cisco Cloudlock (simulator)',
	type: 'ciscoCloudlockApi',
};
const ACTION_WF = 'e2eActionGetMany1';
const STORY_WF = 'e2eAutoBlockStory';
const DIGEST_WF = 'e2eDailyDigestRun';
const TRIGGER_WAIT_MS = 150_000;
const IP_SHARED = '185.220.101.47';
const IP_AFTER_RESTART = '45.155.205.233';
const OWNER = {
	email: 'e2e@example.com',
	password: 'E2e-Passw0rd-1',
	firstName: 'E2E',
	lastName: 'Runner',
};
const NAMES = AUTO_BLOCK_NODES;

class AssertionError extends Error {}
function assert(cond, message, detail) {
	if (cond) return;
	const extra =
		detail === undefined
			? ''
			: `\n${typeof detail === 'string' ? detail : JSON.stringify(detail, null, 2)}`;
	throw new AssertionError(`${message}${extra.slice(0, 6000)}`);
}

// --- processes to clean up on any exit ------------------------------------------------------

const state = { sim: null, receiver: null, n8n: null, starting: null, tmp: null, failed: false };
async function cleanup() {
	if (state.starting) {
		// an interrupt during start-up: stop the n8n it spawned once it is up (or has failed)
		const started = await state.starting.catch(() => null);
		await (started?.n8n ?? started)?.stop?.().catch(() => {});
	}
	if (state.n8n) await state.n8n.stop().catch(() => {});
	state.n8n = null;
	if (state.receiver) await state.receiver.close().catch(() => {});
	state.receiver = null;
	if (state.sim) await state.sim.close().catch(() => {});
	state.sim = null;
	if (state.tmp) {
		if (state.failed || args.has('--keep')) con.info(`n8n user folder kept: ${state.tmp}`);
		else fs.rmSync(state.tmp, { recursive: true, force: true });
	}
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		con.fail(`${signal}: stopping`);
		state.failed = true;
		cleanup().finally(() => process.exit(130));
	});
}

// --- helpers --------------------------------------------------------------------------------

/** Waits (bounded) until the trigger has polled the simulator after `sinceMs`. */
async function waitForPoll(sinceMs, what, timeoutMs = 90_000) {
	const t0 = Date.now();
	for (;;) {
		const hit = state.sim.requests.find((r) => isTriggerPoll(r, sinceMs));
		if (hit) return hit;
		if (Date.now() - t0 > timeoutMs)
			throw new AssertionError(`no trigger poll within ${timeoutMs / 1000} s (${what})`);
		con.ticker(
			`waiting for the trigger's next poll (${what}) ${Math.round((Date.now() - t0) / 1000)}s`,
		);
		await sleep(1000);
	}
}

/** The incident ids each execution's trigger emitted → { execId: [ids] }. */
function emittedIds(execs) {
	return Object.fromEntries(
		execs.map((e) => [e.id, nodeOutput(e, NAMES.trigger).map((i) => String(i.id))]),
	);
}

/** What Incident → Get Many must return, computed from the simulator's state like Cloudlock would. */
function expectedIncidents(sim, { severity, status, limit }) {
	const { parseTimestamp } = loadSimulator();
	return sim.state.incidents
		.filter((i) => i.severity === severity && i.incident_status === status)
		.map((i) => ({ i, key: parseTimestamp(i.created_at) }))
		.sort((a, b) => (a.key === b.key ? Number(a.i.id) - Number(b.i.id) : b.key > a.key ? 1 : -1))
		.slice(0, limit)
		.map(({ i }) => JSON.parse(JSON.stringify(i)));
}

function actionWorkflow() {
	return incidentGetManyWorkflow({
		id: ACTION_WF,
		name: 'e2e: Incident Get Many',
		idPrefix: 'e2e00000',
		triggerName: 'Manual',
		nodeName: 'Incidents',
		getMany: { limit: 5, filters: { severity: ['CRITICAL'], status: ['NEW'] } },
		credential: CREDENTIAL,
	});
}

/** The credential's own rule messages, read from the installed package (what n8n shows). */
function credentialMessages(packageDir) {
	const require = createRequire(import.meta.url);
	const { CiscoCloudlockApi } = require(
		path.join(packageDir, 'dist', 'credentials', 'CiscoCloudlockApi.credentials.js'),
	);
	const rules = new CiscoCloudlockApi().test.rules;
	return {
		unauthorized: rules.find((r) => r.type === 'responseCode' && r.properties.value === 401)
			.properties.message,
		notCloudlock: rules.find((r) => r.type === 'responseSuccessBody').properties.message,
	};
}

/** GET on the simulator's API with its token (the ground truth the nodes read). */
async function simApi(sim, pathAndQuery) {
	const res = await fetch(`${sim.baseUrl}${pathAndQuery}`, {
		headers: { authorization: `Bearer ${sim.token}` },
	});
	assert(res.ok, `simulator GET ${pathAndQuery}`, res.status);
	return await res.json();
}

async function credentialTest(internal, data) {
	return await internal.post('/credentials/test', {
		credentials: { id: CREDENTIAL.id, name: CREDENTIAL.name, type: CREDENTIAL.type, data },
	});
}

/** Waits for the next execution(s) of the story workflow, with a readable ticker. */
async function nextExecutions(pub, known, count, what) {
	try {
		return await waitForExecutions(pub, STORY_WF, {
			known,
			count,
			timeoutMs: TRIGGER_WAIT_MS,
			onTick: (elapsed, seen) =>
				con.ticker(
					`${what}: ${seen.length ? `execution #${seen[0].id} ${seen[0].status}` : 'waiting for the trigger'} (${Math.round(elapsed / 1000)}s)`,
				),
		});
	} catch (err) {
		throw new AssertionError(`${what}: ${err.message}`);
	}
}

function assertStoryExecution(exec, incident, ip, addStatus) {
	assert(
		exec.status === 'success',
		`execution #${exec.id} succeeded`,
		executionError(exec) ?? exec.status,
	);
	assert(
		isDeepStrictEqual(
			nodeOutput(exec, NAMES.trigger).map((i) => String(i.id)),
			[String(incident.id)],
		),
		`execution #${exec.id}'s trigger emitted exactly incident ${incident.id}`,
		nodeOutput(exec, NAMES.trigger).map((i) => i.id),
	);
	const activity = nodeOutput(exec, NAMES.activity);
	assert(
		activity.length === 1 &&
			activity[0].compositeId === incident.entity.origin_id &&
			activity[0].clientIp === ip,
		"the activity lookup returned the incident's activity",
		activity,
	);
	const added = nodeOutput(exec, NAMES.addIps);
	assert(
		added.length === 1 && added[0].ip === ip && added[0].status === addStatus,
		`Add IPs reported ${ip} as ${addStatus}`,
		added,
	);
	const updated = nodeOutput(exec, NAMES.update);
	assert(
		updated.length === 1 &&
			String(updated[0].id) === String(incident.id) &&
			updated[0].status === 'IN PROGRESS',
		'Update set the incident IN PROGRESS',
		updated,
	);
}

// --- main -----------------------------------------------------------------------------------

async function main() {
	con.info(`end-to-end test on a real n8n (CI=${process.env.CI ?? 'unset'})`);

	// 1. runtime + tarball
	const [runtime, pack] = await Promise.all([
		ensureRuntime({ log: (m) => con.info(m) }),
		buildAndPack({ rebuild: args.has('--rebuild'), log: (m) => con.info(m) }),
	]);
	con.phase(`runtime ready; package ${pack.cached ? 'from cache' : 'built and packed'}`);
	const { NodeHelpers } = createRequire(path.join(runtime.cacheDir, 'n8n', 'package.json'))(
		'n8n-workflow',
	);

	// 2. simulator + receiver + instance (credential, action + story workflows, raw examples)
	const { startSimulator } = loadSimulator();
	state.sim = await startSimulator({ port: 0, seed: 7 });
	const sim = state.sim;
	const ctl = simControl(sim.origin);
	state.receiver = await startChatReceiver();
	const receiver = state.receiver;
	state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudlock-e2e-'));
	const userFolder = path.join(state.tmp, 'user');
	const credential = { ...CREDENTIAL, data: { baseUrl: sim.baseUrl, accessToken: sim.token } };
	const chatVariant = (key, id) =>
		chatReceiverExample(key, { id, nameSuffix: ' (e2e)', credential, chatUrl: receiver.url });
	const story = chatVariant('autoBlock', STORY_WF);
	const digest = withManualStart(chatVariant('dailyDigest', DIGEST_WF));
	const { env, installed } = await prepareInstance({
		runtime,
		userFolder,
		tarball: pack.tarball,
		credentials: [credential],
		workflows: [actionWorkflow(), story, digest],
		publish: [STORY_WF],
		extraEnv: { N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex') },
		log: (m) => con.info(m),
	});
	assert(installed.packageName === PKG, `the tarball installs as ${PKG}`, installed);
	con.phase(
		'n8n user folder: package installed from the tarball, credential imported, workflows imported, story published',
	);

	// the examples exactly as shipped (no id, no credential), through n8n's importer
	const rawDir = path.join(state.tmp, 'examples');
	fs.mkdirSync(rawDir);
	for (const file of Object.values(EXAMPLES))
		fs.copyFileSync(path.join(EXAMPLES_DIR, file), path.join(rawDir, file));
	const imported = await runCliOk(runtime, env, [
		'import:workflow',
		'--separate',
		`--input=${rawDir}`,
	]);
	assert(
		!/Skipping invalid workflow file/.test(imported.stdout + imported.stderr),
		'n8n accepted every example file',
		imported.stdout + imported.stderr,
	);
	con.phase('import:workflow of the four examples as shipped');

	// 3. action workflow through `n8n execute --id --rawOutput`
	const action = await executeImported(runtime, env, ACTION_WF);
	assert(!action.error, 'n8n execute of the action workflow succeeds', action.error);
	const items = runOutput(action.run, 'Incidents');
	const expected = expectedIncidents(sim, { severity: 'CRITICAL', status: 'NEW', limit: 5 });
	assert(
		expected.length === 5,
		'the seeded simulator holds at least 5 CRITICAL/NEW incidents',
		expected.length,
	);
	assert(
		isDeepStrictEqual(
			items.map((i) => i.id),
			expected.map((i) => i.id),
		),
		'Incident Get Many (CRITICAL, NEW, Limit 5) returns the 5 newest matching incidents in order',
		{ got: items.map((i) => i.id), expected: expected.map((i) => i.id) },
	);
	assert(isDeepStrictEqual(items, expected), 'each returned item is the full incident record');
	const sent = sim.requests.filter((r) => /\/incidents\/?$/.test(r.path) && r.method === 'GET');
	assert(
		sent.length >= 1 &&
			sent.every((r) => r.query.severity === 'CRITICAL' && r.query.incident_status === 'NEW'),
		'the filters were sent to Cloudlock',
		sent.map((r) => r.rawQuery),
	);
	con.phase(
		`n8n execute --rawOutput: Incident Get Many returned exactly ${items.map((i) => i.id).join(', ')}`,
	);

	// the daily digest example (Run now instead of its schedule) posts the aggregates it read
	sim.clearRequests();
	const digestRun = await executeImported(runtime, env, DIGEST_WF);
	assert(!digestRun.error, 'n8n execute of the daily digest succeeds', digestRun.error);
	const byStatus = runOutput(digestRun.run, 'Incidents by status');
	const statusCall = sim.requests.find((r) => r.path.endsWith('/incidents/aggregates/status'));
	assert(statusCall?.query.created_after, 'the digest asked for the last 24 hours', statusCall);
	const truth = await simApi(sim, `/incidents/aggregates/status?${statusCall.rawQuery}`);
	assert(
		isDeepStrictEqual(
			byStatus.map((r) => [r.name, r.total]),
			truth.map((g) => [g.name, g.agg.total]),
		),
		'"Incidents by status" returned Cloudlock\'s aggregate rows',
		{ got: byStatus, expected: truth },
	);
	const digestMsg = await receiver.waitFor(
		(m) => /Cloudlock digest/.test(m.body?.text ?? ''),
		10_000,
	);
	for (const g of truth) {
		assert(
			digestMsg.body.text.includes(`• ${g.name}: ${g.agg.total}`),
			`the digest message lists ${g.name}: ${g.agg.total}`,
			digestMsg.body.text,
		);
	}
	con.phase(`n8n execute: daily digest posted ${truth.length} status rows to the chat`);

	// 4. n8n start, owner, API key
	sim.clearRequests();
	state.starting = launch({ runtime, env, owner: OWNER, log: (m) => con.info(m) });
	let inst = await state.starting;
	state.starting = null;
	state.n8n = inst.n8n;
	const startedAt = Date.now();
	con.phase('n8n start + owner + API key');

	// 5. registration
	const nodeTypes = await (
		await fetch(`${inst.url}/types/nodes.json`, { headers: { cookie: inst.cookie } })
	).json();
	const credTypes = await (
		await fetch(`${inst.url}/types/credentials.json`, { headers: { cookie: inst.cookie } })
	).json();
	const known = new Map();
	for (const t of nodeTypes) {
		const versions = Array.isArray(t.version) ? t.version : [t.version];
		known.set(t.name, new Set([...(known.get(t.name) ?? []), ...versions]));
	}
	for (const type of ['ciscoCloudlock', 'ciscoCloudlockTrigger', 'ciscoCloudlockTool']) {
		assert(
			known.has(`${PKG}.${type}`),
			`node type ${PKG}.${type} is registered`,
			[...known.keys()].filter((k) => k.includes('loudlock')),
		);
	}
	assert(
		credTypes.some((c) => c.name === 'ciscoCloudlockApi'),
		'credential type ciscoCloudlockApi is registered',
	);
	con.phase(
		`registered: ${PKG}.ciscoCloudlock, .ciscoCloudlockTrigger, .ciscoCloudlockTool; credential ciscoCloudlockApi`,
	);

	// 6. credential test as the editor runs it, against a second simulator: its fault queue must
	// not meet the published trigger's polls of the main one
	const messages = credentialMessages(installed.packageDir);
	const probe = await startSimulator({ port: 0, seed: 3 });
	try {
		const data = { baseUrl: probe.baseUrl, accessToken: probe.token };
		const good = await credentialTest(inst.internal, data);
		assert(good?.status === 'OK', 'the credential test passes against the simulator', good);
		const wrong = await credentialTest(inst.internal, { ...data, accessToken: 'wrong-token' });
		assert(
			wrong?.status === 'Error' &&
				wrong.message === messages.unauthorized &&
				/401/.test(wrong.message),
			'a wrong token fails with the 401 message',
			wrong,
		);
		probe.injectFault({ kind: 'html', match: { path: '/incidents' } });
		const html = await credentialTest(inst.internal, data);
		assert(
			html?.status === 'Error' && html.message === messages.notCloudlock,
			'a host answering HTML fails with the not-Cloudlock message',
			html,
		);
		const asked = probe.requests.map((r) => [
			r.method === 'GET' && /\/api\/v2\/incidents\/?$/.test(r.path),
			r.headers.authorization === `Bearer ${probe.token}`,
		]);
		// n8n itself may repeat a request that got a 401, hence no exact count
		const auth = asked.map(([, ok]) => ok);
		assert(
			asked.every(([isList]) => isList) &&
				auth[0] === true &&
				auth.at(-1) === true &&
				auth.length >= 3 &&
				auth.slice(1, -1).every((ok) => !ok),
			'the tests only sent GET /api/v2/incidents, each with the token it was given',
			asked,
		);
	} finally {
		await probe.close();
	}
	con.phase(
		'credential test: passes; wrong token → 401 message; HTML host → not-Cloudlock message',
	);

	// 7. every example imported cleanly and uses only known node types
	const workflows = (await inst.pub.get('/workflows', { limit: 250 })).data;
	for (const key of Object.keys(EXAMPLES)) {
		const example = loadExample(key);
		const matches = workflows.filter((w) => w.name === example.name);
		assert(
			matches.length === 1,
			`example "${example.name}" is in n8n once`,
			workflows.map((w) => w.name),
		);
		const wf = matches[0];
		assert(
			wf.nodes.length === example.nodes.length,
			`example "${example.name}" kept its ${example.nodes.length} nodes`,
			wf.nodes.map((n) => n.name),
		);
		// as stored by n8n after the import, checked like the editor checks it
		const problems = workflowIssues(wf, nodeTypes, NodeHelpers);
		assert(problems.length === 0, `example "${example.name}" has no issues in n8n`, problems);
		assert(
			isDeepStrictEqual(
				Object.keys(wf.connections).sort(),
				Object.keys(example.connections).sort(),
			),
			`example "${example.name}" kept its connections`,
		);
	}
	con.phase(
		'all four examples imported cleanly: known node types and versions, no parameter issues',
	);

	// 8. trigger: new incident → exactly one execution; IP added, incident IN PROGRESS, chat told
	await waitForPoll(startedAt - 60_000, 'activation poll', 60_000);
	assert(
		(await listExecutions(inst.pub, STORY_WF)).length === 0,
		'the activation poll ("start from now") emits nothing',
	);
	const a = await raiseUebaIncident(ctl, { ip: IP_SHARED, severity: 'CRITICAL' });
	const [execA] = await nextExecutions(inst.pub, new Set(), 1, `incident ${a.incident.id}`);
	assertStoryExecution(execA, a.incident, IP_SHARED, 'added');
	assert(
		(await libraryEntries(ctl, 'suspicious', IP_SHARED)).length === 1,
		`${IP_SHARED} is in the Suspicious library once`,
	);
	assert(
		(await simIncident(ctl, a.incident.id)).incident_status === 'IN PROGRESS',
		`incident ${a.incident.id} is IN PROGRESS in Cloudlock`,
	);
	await receiver.waitFor((m) => String(m.body?.text ?? '').includes(String(a.incident.id)), 15_000);
	con.phase(
		`incident ${a.incident.id} (CRITICAL, ${IP_SHARED}) → execution #${execA.id}: IP added, IN PROGRESS, chat message`,
	);

	// 9. same IP in a second incident (ALERT) + an INFO incident the filter drops
	const b = await raiseUebaIncident(ctl, { ip: IP_SHARED, severity: 'ALERT' });
	const info = await raiseUebaIncident(ctl, { ip: '203.0.113.250', severity: 'INFO' });
	const [execB] = await nextExecutions(
		inst.pub,
		new Set([String(execA.id)]),
		1,
		`incident ${b.incident.id}`,
	);
	assertStoryExecution(execB, b.incident, IP_SHARED, 'alreadyPresent');
	assert(
		(await libraryEntries(ctl, 'suspicious', IP_SHARED)).length === 1,
		`${IP_SHARED} is still in the Suspicious library exactly once`,
	);
	assert(
		(await simIncident(ctl, b.incident.id)).incident_status === 'IN PROGRESS',
		`incident ${b.incident.id} is IN PROGRESS`,
	);
	assert(
		(await simIncident(ctl, info.incident.id)).incident_status === 'NEW',
		`the INFO incident ${info.incident.id} was left alone`,
	);
	await receiver.waitFor((m) => String(m.body?.text ?? '').includes(String(b.incident.id)), 15_000);
	const afterB = await listExecutions(inst.pub, STORY_WF);
	assert(
		afterB.length === 2,
		'one execution per incident so far (the poll that delivered B did not repeat A)',
		emittedIds(afterB),
	);
	con.phase(
		`incident ${b.incident.id} (ALERT, same IP) → execution #${execB.id}: alreadyPresent, one library entry; INFO incident ignored`,
	);

	// 10. restart between two incidents
	await inst.n8n.stop();
	state.n8n = null;
	const c = await raiseUebaIncident(ctl, { ip: IP_AFTER_RESTART, severity: 'CRITICAL' });
	const restartAt = Date.now();
	state.starting = startN8n(runtime, env, { log: (m) => con.info(m) });
	const n8n = await state.starting;
	state.starting = null;
	state.n8n = n8n;
	const pub = api(n8n.url, inst.apiKey);
	inst = { ...inst, n8n, url: n8n.url, pub };
	const [execC] = await nextExecutions(
		pub,
		new Set(afterB.map((e) => String(e.id))),
		1,
		`incident ${c.incident.id} after the restart`,
	);
	assertStoryExecution(execC, c.incident, IP_AFTER_RESTART, 'added');
	await waitForPoll(
		Math.max(restartAt, Date.parse(execC.stoppedAt) + 1000),
		'a cron poll after the restart',
	);
	await sleep(3000);
	const all = await listExecutions(pub, STORY_WF);
	const ids = Object.values(emittedIds(all)).flat().sort();
	assert(
		all.length === 3 &&
			isDeepStrictEqual(ids, [a.incident.id, b.incident.id, c.incident.id].map(String).sort()),
		'after the restart: the new incident delivered once, the earlier ones not again',
		emittedIds(all),
	);
	assert(
		(await libraryEntries(ctl, 'suspicious', IP_AFTER_RESTART)).length === 1,
		`${IP_AFTER_RESTART} is in the Suspicious library once`,
	);
	con.phase(
		`restart: incident ${c.incident.id} raised while n8n was down → execution #${execC.id} once; earlier incidents not again`,
	);
	return 0;
}

let code = 1;
try {
	code = await main();
	con.ok('PASS');
} catch (err) {
	state.failed = true;
	con.fail(`FAIL: ${err instanceof AssertionError ? err.message : (err.stack ?? err)}`);
	if (state.n8n)
		con.info(`last n8n log lines:\n${state.n8n.logs().split('\n').slice(-30).join('\n')}`);
	code = 1;
} finally {
	await cleanup();
	con.summary();
	con.info(`total ${((Date.now() - con.t0) / 1000).toFixed(0)}s`);
}
process.exit(code);
