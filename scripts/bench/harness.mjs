// Parent-side plumbing of the benchmark: benchmark workers (Node 24 processes running n8n-core,
// see worker.mjs), request accounting from the simulator's log, and small statistics.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ASK_TIMEOUT_MS = 15 * 60 * 1000;

/** The caller's environment without anything that would change how n8n or Node behave. */
function quietEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|NODE_|npm_)/i.test(key)) continue;
		env[key] = value;
	}
	return env;
}

/** A Node 24 process with n8n's engine loaded; `ask(message)` → the worker's result. */
export class Worker {
	static async start({ runtime, n8nDir, buildDir, expressionEngine, credentials }) {
		const init = { n8nDir, buildDir, expressionEngine, credentials };
		const child = fork(path.join(HERE, 'worker.mjs'), [JSON.stringify(init)], {
			execPath: runtime.nodeBin,
			// The package build lives outside the repo; NODE_PATH lets it find n8n's own
			// n8n-workflow, as a community package installed into n8n does.
			env: {
				...quietEnv(),
				NODE_PATH: path.join(n8nDir, 'node_modules'),
				N8N_LOG_LEVEL: 'silent',
			},
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const worker = new Worker(child);
		const ready = await worker.next();
		if (ready.type !== 'ready') throw new Error(`worker failed to start:\n${ready.error}`);
		return worker;
	}

	constructor(child) {
		this.child = child;
		this.exited = new Promise((resolve) => child.once('exit', resolve));
	}

	next() {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('worker timed out')), ASK_TIMEOUT_MS);
			const onMessage = (message) => {
				cleanup();
				resolve(message);
			};
			const onExit = (code) => {
				cleanup();
				reject(new Error(`worker exited (code ${code})`));
			};
			const cleanup = () => {
				clearTimeout(timer);
				this.child.off('message', onMessage);
				this.child.off('exit', onExit);
			};
			this.child.on('message', onMessage);
			this.child.on('exit', onExit);
		});
	}

	async ask(message) {
		this.child.send(message);
		return await this.next();
	}

	async close() {
		if (this.child.exitCode === null && this.child.connected) this.child.send({ type: 'exit' });
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
		await this.exited;
		clearTimeout(timer);
	}
}

/** Requests the simulator logged since `from` (an index into sim.requests). */
export function requestStats(sim, from = 0) {
	const list = sim.requests.slice(from);
	const byStatus = {};
	const byMethod = {};
	for (const r of list) {
		byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
		byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
	}
	return { total: list.length, rateLimited: byStatus[429] ?? 0, byStatus, byMethod };
}

/** Busy CPU milliseconds of the whole machine so far (Linux /proc/stat), or undefined. */
function machineBusyMs() {
	try {
		const fields = fs
			.readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const idle = fields[3] + (fields[4] ?? 0);
		const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
		return ((total - idle) * 1000) / 100; // USER_HZ is 100 on Linux
	} catch {
		return undefined;
	}
}

/**
 * Runs `fn` → `{ value, cpuMs, machineCpuMs }`: CPU this (the simulator's) process used, and
 * what the whole machine used meanwhile (to tell how much other processes took).
 */
export async function withCpu(fn) {
	const before = process.cpuUsage();
	const machineBefore = machineBusyMs();
	const value = await fn();
	const used = process.cpuUsage(before);
	const machineAfter = machineBusyMs();
	return {
		value,
		cpuMs: (used.user + used.system) / 1000,
		machineCpuMs:
			machineBefore === undefined || machineAfter === undefined
				? undefined
				: machineAfter - machineBefore,
	};
}

export function median(values) {
	const sorted = values
		.filter((v) => typeof v === 'number' && Number.isFinite(v))
		.sort((a, b) => a - b);
	if (!sorted.length) return undefined;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
