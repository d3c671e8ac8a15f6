#!/usr/bin/env node
// Performance benchmark of the Cisco Cloudlock nodes against n8n's own HTTP Request node, both
// run by n8n's execution engine against the local Cloudlock simulator. See docs/performance.md.
//
//   npm run bench -- --latency 25 --reps 5
//
// Both sides run in n8n-core's WorkflowExecute (the trigger in its PollContext) inside a Node 24
// worker process that loads n8n-core, n8n-workflow and n8n-nodes-base from the real n8n 2.40.7
// install (.cache/n8n-runtime, installed on first use) and evaluates expressions with n8n's default
// "vm" engine. The simulator runs in this process. Prints a table and PASS/MISS per target and
// writes bench-results/bench-<timestamp>.json and bench-results/latest.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { buildPackage } from './bench/build.mjs';
import { Worker } from './bench/harness.mjs';
import { evaluateTargets, formatTable, formatTargets } from './bench/report.mjs';
import { addIpsRows, returnAllRows, triggerRows } from './bench/scenarios.mjs';
import { ensureRuntime, REPO_ROOT } from './lib/n8n-runtime.mjs';

const OPTIONS = {
	latency: { default: '25', help: 'ms the simulator waits before every API answer' },
	reps: { default: '5', help: 'repetitions of (1) and (3); medians are reported' },
	'ip-reps': { default: '3', help: 'repetitions of (2) (a run of the node takes ~12 s)' },
	'loop-reps': {
		default: '2',
		help: 'repetitions of the per-IP loop in (2) (~70 s each; 0 skips it)',
	},
	'info-reps': { default: '1', help: 'repetitions of the (info) rows' },
	'rate-limit': { default: '20', help: 'rateLimitPerSecond of the simulator in (4); 0 skips (4)' },
	'rl-reps': { default: '1', help: 'repetitions of the rate-limited runs' },
	incidents: { default: '10000', help: 'incidents for (1)' },
	ips: { default: '1000', help: 'new IPs for (2)' },
	library: { default: '2000', help: 'entries already in the Suspicious library in (2)' },
	backlog: { default: '5000', help: 'new incidents the trigger drains in (3)' },
	'rl-incidents': { default: '10000', help: 'incidents for (1) under the rate limit' },
	'rl-ips': { default: '100', help: 'new IPs for (2) under the rate limit' },
	'extra-concurrency': {
		default: '8,16',
		help: 'comma list of extra Max Concurrent Requests rows',
	},
	only: { default: '1,2,3,4', help: 'which scenarios to run' },
	'expression-engine': {
		default: 'vm',
		help: "n8n's expression engine: vm (n8n's default) or legacy",
	},
	out: { default: 'bench-results', help: 'output folder' },
	build: {
		default: '',
		help: 'use this compiled package (tsc output) instead of compiling the repo',
	},
	help: { type: 'boolean', default: false },
};

function readOptions() {
	const { values } = parseArgs({
		options: Object.fromEntries(
			Object.entries(OPTIONS).map(([name, o]) => [
				name,
				{ type: o.type ?? 'string', default: o.default },
			]),
		),
	});
	if (values.help) {
		console.log('npm run bench -- [options]\n');
		for (const [name, o] of Object.entries(OPTIONS)) {
			if (o.help) console.log(`  --${name.padEnd(18)} ${o.help} (default ${o.default})`);
		}
		process.exit(0);
	}
	const int = (name) => {
		const n = Number(values[name]);
		if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
		return n;
	};
	return {
		latency: int('latency'),
		reps: Math.max(1, int('reps')),
		ipReps: Math.max(1, int('ip-reps')),
		loopReps: int('loop-reps'),
		infoReps: int('info-reps'),
		rateLimit: int('rate-limit'),
		rlReps: Math.max(1, int('rl-reps')),
		incidents: int('incidents'),
		ips: int('ips'),
		library: int('library'),
		backlog: int('backlog'),
		rlIncidents: int('rl-incidents'),
		rlIps: int('rl-ips'),
		extraConcurrency: values['extra-concurrency']
			.split(',')
			.map(Number)
			.filter((n) => Number.isInteger(n) && n > 0),
		only: new Set(values.only.split(',').map((s) => s.trim())),
		expressionEngine: values['expression-engine'] === 'legacy' ? 'legacy' : 'vm',
		out: path.resolve(REPO_ROOT, values.out),
		build: values.build ? path.resolve(values.build) : undefined,
	};
}

function versions(runtime, n8nDir) {
	const version = (pkg) =>
		JSON.parse(fs.readFileSync(path.join(n8nDir, 'node_modules', pkg, 'package.json'), 'utf8'))
			.version;
	return {
		node: execFileSync(runtime.nodeBin, ['--version'], { encoding: 'utf8' }).trim(),
		simulatorNode: process.version,
		n8n: version('n8n'),
		n8nCore: version('n8n-core'),
		n8nWorkflow: version('n8n-workflow'),
		n8nNodesBase: version('n8n-nodes-base'),
	};
}

async function main() {
	const config = readOptions();
	const t0 = Date.now();
	const log = (message) => console.log(message);
	const elapsed = () => `${Math.round((Date.now() - t0) / 1000)}s`;

	const runtime = await ensureRuntime({ log });
	const n8nDir = path.join(runtime.cacheDir, 'n8n');
	if (!config.build) log('[bench] compiling the package…');
	const build = config.build ? { outDir: config.build, given: true } : buildPackage(REPO_ROOT);
	if (build.warning) log(`[bench] ${build.warning}`);
	const buildRequire = createRequire(path.join(build.outDir, 'package.json'));
	const { transportSettings } = buildRequire('./nodes/CiscoCloudlock/transport/settings.js');
	config.concurrency = transportSettings.defaultConcurrency;

	const repoRequire = createRequire(path.join(REPO_ROOT, 'package.json'));
	const { startSimulator, DEFAULT_SEED_COUNTS } = repoRequire('./test/simulator/server.js');
	const sim = await startSimulator({ port: 0, latency: config.latency });

	const ctx = {
		sim,
		log,
		latency: config.latency,
		defaultSeedCounts: DEFAULT_SEED_COUNTS,
		extraConcurrency: config.infoReps ? config.extraConcurrency : [],
		infoReps: config.infoReps,
		startWorker: async () =>
			await Worker.start({
				runtime,
				n8nDir,
				buildDir: build.outDir,
				expressionEngine: config.expressionEngine,
				credentials: { baseUrl: sim.baseUrl, accessToken: sim.token },
			}),
	};
	const result = {
		startedAt: new Date(t0).toISOString(),
		machine: {
			loadAverageAtStart: os.loadavg(),
			cpus: os.cpus().length,
			cpuModel: os.cpus()[0]?.model,
			memoryGb: Math.round(os.totalmem() / 2 ** 30),
			platform: `${os.platform()} ${os.release()}`,
		},
		versions: versions(runtime, n8nDir),
		config: { ...config, only: [...config.only], out: undefined, build: config.build ?? 'repo' },
		rows: [],
	};
	const rows = result.rows;
	const phase = (name) => log(`\n[bench] ${name} (${elapsed()})`);

	try {
		if (config.only.has('1')) {
			phase(`(1) Return All of ${config.incidents} incidents, latency ${config.latency} ms`);
			rows.push(
				...(await returnAllRows(ctx, {
					n: config.incidents,
					reps: config.reps,
					concurrency: config.concurrency,
				})),
			);
		}
		if (config.only.has('2')) {
			phase(`(2) Add ${config.ips} IPs to a Suspicious library of ${config.library}`);
			rows.push(
				...(await addIpsRows(ctx, {
					n: config.ips,
					library: config.library,
					reps: config.ipReps,
					loopReps: config.loopReps,
				})),
			);
		}
		if (config.only.has('3')) {
			phase(`(3) Trigger: idle polls, then a backlog of ${config.backlog} new incidents`);
			rows.push(
				...(await triggerRows(ctx, { backlog: config.backlog, reps: config.reps, idlePolls: 3 })),
			);
		}
		if (config.only.has('4') && config.rateLimit > 0) {
			const rl = config.rateLimit;
			phase(`(4) The same under a rate limit of ${rl} requests/s`);
			if (config.only.has('1'))
				rows.push(
					...(await returnAllRows(ctx, {
						n: config.rlIncidents,
						reps: config.rlReps,
						rateLimit: rl,
						concurrency: config.concurrency,
					})),
				);
			if (config.only.has('2'))
				rows.push(
					...(await addIpsRows(ctx, {
						n: config.rlIps,
						library: config.library,
						reps: config.rlReps,
						loopReps: config.loopReps ? config.rlReps : 0,
						rateLimit: rl,
					})),
				);
			if (config.only.has('3'))
				rows.push(
					...(await triggerRows(ctx, {
						backlog: config.backlog,
						reps: config.rlReps,
						idlePolls: 1,
						rateLimit: rl,
					})),
				);
		}
	} finally {
		await sim.close();
		if (!build.given) fs.rmSync(build.outDir, { recursive: true, force: true });
	}

	result.machine.loadAverageAtEnd = os.loadavg();
	result.targets = evaluateTargets(rows, config);
	result.finishedAt = new Date().toISOString();
	result.durationS = Math.round((Date.now() - t0) / 1000);

	log(
		`\n[bench] results (latency ${config.latency} ms, ${os.cpus().length} CPUs, ${result.versions.node}, n8n ${result.versions.n8n}, expression engine ${config.expressionEngine})\n`,
	);
	log(formatTable(rows));
	log('');
	log(formatTargets(result.targets));
	// A quarter of a CPU, and more than /proc/stat's 10 ms ticks can blur in a short row.
	const contended = rows.filter(
		(row) => (row.otherCpuShare ?? 0) > 0.25 && (row.otherCpuMs ?? 0) >= 100,
	);
	if (contended.length)
		log(
			`\nWarning: other processes used more than a quarter of a CPU during ${contended.length} row(s) ` +
				`(${contended.map((row) => `${row.id} ${Math.round(row.otherCpuShare * 100)}%`).join(', ')}); ` +
				'those timings are slower and noisier than on an idle machine.',
		);
	if (config.only.has('4') && config.rlIps < config.ips)
		log(
			`\nNote: (2) under the rate limit adds ${config.rlIps} IPs, not ${config.ips}: at ${config.rateLimit}/s the full size takes minutes per run.`,
		);

	fs.mkdirSync(config.out, { recursive: true });
	const stamp = result.startedAt.replace(/[:.]/g, '-');
	const json = `${JSON.stringify(result, null, 2)}\n`;
	const file = path.join(config.out, `bench-${stamp}.json`);
	fs.writeFileSync(file, json);
	fs.writeFileSync(path.join(config.out, 'latest.json'), json);
	log(`\n[bench] wrote ${path.relative(REPO_ROOT, file)} and latest.json in ${elapsed()}`);
}

main().catch((error) => {
	console.error(`[bench] failed: ${error?.stack ?? error}`);
	process.exit(1);
});
