#!/usr/bin/env node
// `npm run demo`: a real n8n running this package against the Cloudlock simulator, and the
// package's main story played in the terminal: a critical UEBA incident appears → the Cisco
// Cloudlock Trigger fires → the workflow looks up the activity, puts its IP into the Suspicious
// library, sets the incident In Progress and posts to a (local) chat. See docs/demo.md.
//
//   node scripts/demo.mjs                 story, then n8n stays up until Ctrl-C
//   node scripts/demo.mjs --once          exit 0 when the story completed, non-zero otherwise
//   node scripts/demo.mjs --rebuild       build and pack even if the sources did not change
//   node scripts/demo.mjs --port 5679     editor port (default 5678, or a free one)
//   CLOUDLOCK_BASE_URL=… CLOUDLOCK_TOKEN=… node scripts/demo.mjs [--allow-writes]
//                                         a real tenant: read-only workflows unless --allow-writes
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { startChatReceiver } from './lib/chat-receiver.mjs';
import { addSecret, createConsole, sleep } from './lib/console.mjs';
import {
	AUTO_BLOCK_NODES,
	chatReceiverExample,
	EXAMPLES,
	incidentGetManyWorkflow,
	loadExample,
	withCredential,
	withManualStart,
	withPollCron,
} from './lib/examples.mjs';
import {
	executeImported,
	executionError,
	launch,
	listExecutions,
	nodeOutput,
	preferredPort,
	prepareInstance,
	runOutput,
	waitForExecutions,
} from './lib/instance.mjs';
import { ensureRuntime, REPO_ROOT } from './lib/n8n-runtime.mjs';
import { buildAndPack } from './lib/package-tarball.mjs';
import {
	isTriggerPoll,
	libraryEntries,
	loadSimulator,
	raiseUebaIncident,
	simControl,
	simIncident,
} from './lib/story.mjs';

const USAGE = `usage: node scripts/demo.mjs [--once] [--rebuild] [--port N] [--allow-writes]
  --once          play the story and exit (0 = completed); no Ctrl-C needed
  --rebuild       build and pack even when the sources did not change
  --port N        n8n editor port (default 5678, or any free port)
  --allow-writes  with CLOUDLOCK_BASE_URL + CLOUDLOCK_TOKEN: also publish the auto-block workflow
                  (it changes the Suspicious IP library and incident statuses of that tenant)`;

function parseArgs(argv) {
	const opts = { once: false, rebuild: false, allowWrites: false, port: undefined };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--once') opts.once = true;
		else if (a === '--rebuild') opts.rebuild = true;
		else if (a === '--allow-writes') opts.allowWrites = true;
		else if (a === '--port') opts.port = Number(argv[++i]);
		else if (a.startsWith('--port=')) opts.port = Number(a.slice(7));
		else if (a === '--help' || a === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else {
			console.error(`unknown argument ${a}\n${USAGE}`);
			process.exit(2);
		}
	}
	if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port > 0)) {
		console.error(`--port needs a port number\n${USAGE}`);
		process.exit(2);
	}
	return opts;
}

const opts = parseArgs(process.argv.slice(2));
const con = createConsole('demo');
const USER_FOLDER = path.join(REPO_ROOT, '.cache', 'demo', 'user');
const OWNER = {
	email: 'demo@example.com',
	password: 'Cloudlock-Demo-1',
	firstName: 'Demo',
	lastName: 'Analyst',
};
const CREDENTIAL = { id: 'cloudlockDemoCred', name: 'Cisco Cloudlock (demo)' };
const DEMO_WORKFLOW_ID = 'cloudlockDemoAuto';
/** Public-looking address for the story (not in the simulator's seeded documentation ranges). */
const STORY_IP = '185.220.101.47';
const TRIGGER_WAIT_MS = 150_000;
const EXAMPLE_IDS = {
	autoBlock: 'cloudlockExAutoBlk',
	incidentAlert: 'cloudlockExAlert01',
	dailyDigest: 'cloudlockExDigest1',
	aiAgent: 'cloudlockExAiAgent',
};

const realBaseUrl = process.env.CLOUDLOCK_BASE_URL?.trim();
const realToken = process.env.CLOUDLOCK_TOKEN?.trim();
addSecret(realToken);
if (Boolean(realBaseUrl) !== Boolean(realToken)) {
	console.error(
		'Set both CLOUDLOCK_BASE_URL and CLOUDLOCK_TOKEN for a real tenant, or neither for the simulator.',
	);
	process.exit(2);
}
const REAL = Boolean(realBaseUrl && realToken);
if (opts.allowWrites && !REAL)
	con.warn('--allow-writes only matters with CLOUDLOCK_BASE_URL and CLOUDLOCK_TOKEN');

// --- shutdown ------------------------------------------------------------------------------

const cleanups = [];
let shuttingDown = false;
async function shutdown() {
	if (shuttingDown) return;
	shuttingDown = true;
	con.clearTicker();
	for (const fn of cleanups.reverse()) {
		try {
			await fn();
		} catch (err) {
			con.warn(`cleanup: ${err.message}`);
		}
	}
}
let interrupted = null;
const interruptPromise = new Promise((resolve) => {
	const onSignal = (signal) => {
		if (interrupted) {
			console.error('\nsecond interrupt: exiting now');
			process.exit(130);
		}
		interrupted = signal;
		resolve(signal);
	};
	process.on('SIGINT', () => onSignal('SIGINT'));
	process.on('SIGTERM', () => onSignal('SIGTERM'));
});
/** Races `promise` against Ctrl-C: an interrupt throws so the finally blocks clean up. */
async function interruptible(promise) {
	const result = await Promise.race([
		promise,
		interruptPromise.then(() => ({ __interrupted: true })),
	]);
	if (result && result.__interrupted)
		throw Object.assign(new Error('interrupted'), { interrupted: true });
	return result;
}

// --- helpers -------------------------------------------------------------------------------

const hhmmss = (ms) => new Date(ms).toISOString().slice(11, 19);

const SETUP_FILE = path.join(REPO_ROOT, '.cache', 'demo', 'setup-ms.txt');

/** How long the last run took from workflow generation to a running n8n (default 35 s). */
function expectedSetupMs() {
	try {
		const ms = Number(fs.readFileSync(SETUP_FILE, 'utf8'));
		return Number.isFinite(ms) && ms > 5000 && ms < 120_000 ? ms : 35_000;
	} catch {
		return 35_000;
	}
}

function rememberSetupMs(ms) {
	try {
		fs.writeFileSync(SETUP_FILE, String(ms));
	} catch {
		// only a hint for the next run
	}
}

/** Seconds until the next time the wall clock shows `second` (0–59). */
function secondsUntil(second) {
	const now = new Date();
	const current = now.getUTCSeconds() + now.getUTCMilliseconds() / 1000;
	let wait = second - current;
	if (wait <= 0.5) wait += 60;
	return wait;
}

function printExecution(exec, names) {
	const trigger = nodeOutput(exec, names.trigger)[0];
	const activity = nodeOutput(exec, names.activity)[0];
	const added = nodeOutput(exec, names.addIps)[0];
	const updated = nodeOutput(exec, names.update)[0];
	con.ok(
		`n8n execution #${exec.id} ${exec.status} (${exec.mode}), ${hhmmss(Date.parse(exec.startedAt))} → ${hhmmss(Date.parse(exec.stoppedAt))}`,
	);
	if (trigger)
		con.info(
			`  ${names.trigger}: incident ${trigger.id} ${trigger.severity} "${trigger.policy?.name ?? ''}" (${trigger.entity?.owner_email ?? ''})`,
		);
	if (activity)
		con.info(
			`  ${names.activity}: ${activity.eventType} by ${activity.userEmail} from ${activity.clientIp} (${activity.compositeId})`,
		);
	if (added) con.info(`  ${names.addIps}: ${added.ip} → ${added.status} (pk ${added.pk})`);
	if (updated) con.info(`  ${names.update}: incident ${updated.id} is now ${updated.status}`);
	const error = executionError(exec);
	if (error) con.fail(`  error: ${error}`);
}

// --- main ----------------------------------------------------------------------------------

async function main() {
	con.info(
		REAL
			? `Cisco Cloudlock demo against ${realBaseUrl} (${opts.allowWrites ? 'writes allowed' : 'read-only'})`
			: 'Cisco Cloudlock demo: a real n8n with this package, against the Cloudlock simulator',
	);

	// 1. n8n runtime (first run installs ~5 min) and the package tarball, side by side
	const [runtime, pack] = await interruptible(
		Promise.all([
			ensureRuntime({ log: (m) => con.info(m) }),
			buildAndPack({ rebuild: opts.rebuild, log: (m) => con.info(m) }),
		]),
	);
	con.phase(
		`n8n runtime ready; package ${pack.cached ? 'tarball from cache' : 'built and packed'} (${path.relative(REPO_ROOT, pack.tarball)})`,
	);

	// 2. Cloudlock (simulator or the real tenant) and the chat receiver
	let sim = null;
	let ctl = null;
	let credentialData;
	if (REAL) {
		credentialData = { baseUrl: realBaseUrl, accessToken: realToken };
	} else {
		const { startSimulator } = loadSimulator();
		sim = await startSimulator({ port: 0, seed: 1 });
		cleanups.push(() => sim.close());
		ctl = simControl(sim.origin);
		credentialData = { baseUrl: sim.baseUrl, accessToken: sim.token };
		const counts = sim.state;
		con.info(
			`Cloudlock simulator at ${sim.baseUrl} (token ${sim.token}): ${counts.incidents.length} incidents, ${counts.activities.length} activities, ${counts.ip.suspicious.length} suspicious IPs`,
		);
	}
	const receiver = await startChatReceiver({
		onMessage: (m) => {
			con.ok(`chat message received${m.body?.channel ? ` for ${m.body.channel}` : ''}:`);
			con.block(typeof m.body === 'object' ? (m.body.text ?? JSON.stringify(m.body)) : m.body);
		},
	});
	cleanups.push(() => receiver.close());
	con.phase(`${REAL ? 'tenant credential' : 'simulator'} + local chat receiver at ${receiver.url}`);

	// 3. the n8n instance: package installed as a community package, credential, workflows
	const credential = { ...CREDENTIAL, type: 'ciscoCloudlockApi', data: credentialData };
	const examples = Object.keys(EXAMPLES).map((key) =>
		withCredential(loadExample(key), { id: EXAMPLE_IDS[key], credential }),
	);
	// The story's workflow: the auto-block example, Slack replaced by the local receiver, polling
	// at a fixed second so the terminal can count down to each poll: the second at which n8n will
	// just be up, judged from the last run's set-up time (the next poll is then seconds away).
	const setupFrom = Date.now();
	const pollSecond = Math.floor((setupFrom + expectedSetupMs() + 8000) / 1000) % 60;
	const storyWorkflow = withPollCron(
		chatReceiverExample('autoBlock', {
			id: DEMO_WORKFLOW_ID,
			nameSuffix: ' (demo: local chat)',
			credential,
			chatUrl: receiver.url,
		}),
		`${pollSecond} * * * * *`,
	);
	const publishStory = !REAL || opts.allowWrites;
	const workflows = [...examples, storyWorkflow];
	const digest = withManualStart(
		chatReceiverExample('dailyDigest', {
			id: 'cloudlockDigestRun',
			nameSuffix: ' (demo: local chat)',
			credential,
			chatUrl: receiver.url,
		}),
	);
	const getMany = readOnlyGetMany(credential);
	if (REAL) workflows.push(digest, getMany);

	const port = opts.port ?? (await preferredPort(5678));
	const { env } = await interruptible(
		prepareInstance({
			runtime,
			userFolder: USER_FOLDER,
			tarball: pack.tarball,
			credentials: [credential],
			workflows,
			publish: publishStory ? [DEMO_WORKFLOW_ID] : [],
			port,
			// a fresh key per run: the folder is wiped per run, and a tenant token stays unreadable
			extraEnv: { N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex') },
			log: (m) => con.info(m),
		}),
	);
	if (REAL) cleanups.push(() => fs.rmSync(USER_FOLDER, { recursive: true, force: true }));
	con.phase(
		`n8n user folder ${path.relative(REPO_ROOT, USER_FOLDER)}: package installed, credential and ${workflows.length} workflows imported${publishStory ? ', story workflow published' : ''}`,
	);

	// 4. real tenant: read-only workflows through `n8n execute` (before the server owns the DB)
	if (REAL) await runReadOnly(runtime, env, getMany, digest, receiver);

	// 5. n8n start + owner account
	// registered before awaiting: an interrupt during start-up still stops the n8n it spawned
	const launching = launch({ runtime, env, owner: OWNER, log: (m) => con.info(m) });
	cleanups.push(async () => {
		const started = await launching.catch(() => null);
		if (!started) return;
		con.info('stopping n8n…');
		await started.n8n.stop();
	});
	const inst = await interruptible(launching);
	const startedAt = Date.now();
	rememberSetupMs(startedAt - setupFrom);
	n8nHandle = inst.n8n;
	con.phase('n8n started, owner account created');
	con.info('');
	con.info(`  n8n editor:  ${inst.url}`);
	con.info(`  log in with: ${OWNER.email} / ${OWNER.password}`);
	con.info(
		`  ${REAL ? 'auto-block' : 'story'} workflow: ${inst.url}/workflow/${DEMO_WORKFLOW_ID}${publishStory ? ' (published)' : ' (not published)'}`,
	);
	con.info('');

	const test = await inst.internal.post('/credentials/test', {
		credentials: {
			id: credential.id,
			name: credential.name,
			type: credential.type,
			data: credentialData,
		},
	});
	if (test?.status !== 'OK')
		throw new Error(
			`the Cloudlock credential test failed: ${test?.message ?? JSON.stringify(test)}`,
		);
	con.ok('credential test passed (GET /incidents?limit=1 with the token)');

	if (REAL) {
		con.info(
			publishStory
				? 'the auto-block workflow is published: new Critical/Alert UEBA incidents of this tenant will be handled'
				: 'read-only mode: nothing was published (--allow-writes publishes the auto-block workflow)',
		);
		return await stayUp(inst, receiver, publishStory);
	}

	// 6. the story
	const names = AUTO_BLOCK_NODES;
	con.info(
		'Story: a critical UEBA incident appears in Cloudlock; n8n should block its IP, take the incident and tell the team.',
	);

	// 6a. the trigger's activation poll remembers what Cloudlock holds now ("start from now")
	const t0 = Date.now();
	while (!sim.requests.some((r) => isTriggerPoll(r, startedAt - 30_000))) {
		if (Date.now() - t0 > 60_000)
			throw new Error('the Cisco Cloudlock Trigger did not poll at activation within 60 s');
		con.ticker('waiting for the trigger’s activation poll');
		await interruptible(sleep(500));
	}
	con.phase(
		'trigger activated: its first poll noted the newest incident; only incidents after it fire',
	);

	// 6b. the incident
	const known = new Set(
		(await listExecutions(inst.pub, DEMO_WORKFLOW_ID, { includeData: false })).map((e) =>
			String(e.id),
		),
	);
	const before = await libraryEntries(ctl, 'suspicious', STORY_IP);
	if (before.length)
		throw new Error(`${STORY_IP} is already in the simulator's Suspicious library`);
	const { activity, incident } = await raiseUebaIncident(ctl, {
		ip: STORY_IP,
		severity: 'CRITICAL',
	});
	const raisedAt = Date.now();
	con.ok(
		`Cloudlock raised incident ${incident.id}: ${incident.severity} ${incident.incident_type} "${incident.policy?.name}", status ${incident.incident_status}`,
	);
	con.info(`  entity: ${incident.entity.name}; origin_id ${incident.entity.origin_id}`);
	con.info(
		`  activity: ${activity.event_type} by ${activity.user.user_email} from ${activity.client_ip} at ${activity.created_at}`,
	);
	con.phase('incident created in the simulator (POST /_sim/activities, /_sim/incidents)');

	// 6c. the next poll fires the workflow
	let execs;
	try {
		execs = await interruptible(
			waitForExecutions(inst.pub, DEMO_WORKFLOW_ID, {
				known,
				timeoutMs: TRIGGER_WAIT_MS,
				intervalMs: 1000,
				onTick: (_elapsed, seen) => {
					const polled = sim.requests.some((r) => isTriggerPoll(r, raisedAt));
					const waited = Math.round((Date.now() - raisedAt) / 1000);
					if (seen.length) con.ticker(`execution #${seen[0].id} ${seen[0].status}… (${waited}s)`);
					else if (polled) con.ticker(`the trigger polled; waiting for its execution (${waited}s)`);
					else
						con.ticker(
							`waiting for the next poll in ${Math.ceil(secondsUntil(pollSecond))}s (n8n polls every minute, at second ${pollSecond}) (${waited}s)`,
						);
				},
			}),
		);
	} catch (err) {
		if (err.interrupted) throw err;
		throw new Error(
			`the Cisco Cloudlock Trigger did not fire within ${TRIGGER_WAIT_MS / 1000} s: ${err.message}`,
		);
	}
	const poll = sim.requests.find((r) => isTriggerPoll(r, raisedAt));
	con.phase(`the Cisco Cloudlock Trigger fired${poll ? ` (poll at ${hhmmss(poll.at)})` : ''}`);
	for (const exec of execs) printExecution(exec, names);
	const exec = execs.find((e) =>
		nodeOutput(e, names.trigger).some((i) => String(i.id) === String(incident.id)),
	);
	if (!exec) throw new Error(`no execution carried incident ${incident.id}`);
	if (exec.status !== 'success')
		throw new Error(
			`execution #${exec.id} ended with status ${exec.status}: ${executionError(exec) ?? ''}`,
		);

	// 6d. verify the effects in Cloudlock and the chat
	const entries = await libraryEntries(ctl, 'suspicious', STORY_IP);
	if (entries.length !== 1)
		throw new Error(`expected ${STORY_IP} once in the Suspicious library, found ${entries.length}`);
	con.ok(
		`Suspicious IP library holds ${STORY_IP}: "${entries[0].name}", ${entries[0].description}`,
	);
	const now = await simIncident(ctl, incident.id);
	if (now?.incident_status !== 'IN PROGRESS')
		throw new Error(`incident ${incident.id} is ${now?.incident_status}, not IN PROGRESS`);
	con.ok(`incident ${incident.id} status in Cloudlock: ${now.incident_status}`);
	const msg = await interruptible(
		receiver.waitFor((m) => String(m.body?.text ?? '').includes(String(incident.id)), 15_000),
	);
	if (!msg) throw new Error('no chat message');
	con.phase('story complete: IP blocked, incident In Progress, team told');

	if (opts.once) return 0;
	con.info('');
	con.info('n8n keeps running. Try:');
	con.info(`  • open ${inst.url}/workflow/${DEMO_WORKFLOW_ID} and its Executions tab`);
	con.info(
		`  • raise another incident: curl -s -X POST ${sim.origin}/_sim/incidents -H 'content-type: application/json' -d '{"incident_type":"UEBA","severity":"CRITICAL"}'`,
	);
	con.info(`  • see the library: curl -s '${sim.origin}/_sim/state?include=ip'`);
	return await stayUp(
		inst,
		receiver,
		true,
		new Set(execs.map((e) => String(e.id)).concat([...known])),
	);
}

/** Manual Trigger → Cisco Cloudlock Incident Get Many (5, simplified): the read-only check. */
function readOnlyGetMany(credential) {
	return incidentGetManyWorkflow({
		id: 'cloudlockGetMany01',
		name: 'Cloudlock: newest incidents (demo, read-only)',
		idPrefix: 'c0ffee00',
		triggerName: 'Run',
		nodeName: 'Newest incidents',
		getMany: { limit: 5, filters: {}, simplify: true },
		credential,
	});
}

async function runReadOnly(runtime, env, getMany, digest, receiver) {
	const list = await interruptible(executeImported(runtime, env, getMany.id));
	if (list.error) throw new Error(`Incident Get Many failed: ${list.error}`);
	const rows = runOutput(list.run, 'Newest incidents');
	con.ok(`Incident → Get Many (Limit 5, Simplify): ${rows.length} incident(s)`);
	for (const i of rows) {
		con.info(
			`  ${i.id}  ${String(i.severity).padEnd(8)} ${String(i.status).padEnd(11)} ${i.createdAt}  ${i.policyName}`,
		);
	}
	const run = await interruptible(executeImported(runtime, env, digest.id));
	if (run.error) throw new Error(`the daily digest failed: ${run.error}`);
	await interruptible(receiver.waitFor(() => true, 10_000));
	con.phase(
		'read-only workflows ran: Incident Get Many and the daily digest (posted to the local chat)',
	);
}

async function stayUp(inst, receiver, watch, known = new Set()) {
	if (opts.once) return 0;
	con.info('Ctrl-C stops n8n, the simulator and the chat receiver.');
	for (;;) {
		const tick = await Promise.race([sleep(3000).then(() => 'tick'), interruptPromise]);
		if (tick !== 'tick') return 0;
		if (!watch) continue;
		try {
			const list = await listExecutions(inst.pub, DEMO_WORKFLOW_ID, { includeData: false });
			for (const e of list.reverse()) {
				if (
					known.has(String(e.id)) ||
					!['success', 'error', 'crashed', 'canceled'].includes(e.status)
				)
					continue;
				known.add(String(e.id));
				printExecution(
					await inst.pub.get(`/executions/${e.id}`, { includeData: true }),
					AUTO_BLOCK_NODES,
				);
			}
		} catch (err) {
			con.warn(`could not read executions: ${err.message}`);
		}
	}
}

let exitCode = 1;
let n8nHandle = null;
try {
	exitCode = await main();
} catch (err) {
	if (err.interrupted) {
		con.warn(`interrupted (${interrupted}): shutting down`);
		exitCode = opts.once ? 130 : 0;
	} else {
		con.fail(`demo failed: ${err.message}`);
		if (n8nHandle)
			con.info(`last n8n log lines:\n${n8nHandle.logs().split('\n').slice(-25).join('\n')}`);
		exitCode = 1;
	}
} finally {
	await shutdown();
	con.summary();
	con.info(exitCode === 0 ? 'done' : `exit ${exitCode}`);
}
process.exit(exitCode);
