// The benchmark's measurements. Each measured run gets a freshly seeded simulator and a fresh
// worker process (so its peak RSS is that run's), runs a small warm-up workflow first (module
// loading, JIT, sockets; its requests are not counted), then the measured workflow or polls.
import { median, requestStats, withCpu } from './harness.mjs';
import * as workflows from './workflows.mjs';

const TRIGGER_PARAMETERS = { event: 'newIncident', filters: {}, options: {} };

/** Every address has the same length, so Cloudlock's substring search `q` matches exactly. */
export function benchIps(n) {
	return Array.from(
		{ length: n },
		(_, i) => `100.64.${100 + Math.floor(i / 100)}.${100 + (i % 100)}`,
	);
}

/** CPU ms other processes of the machine used during a run (/proc/stat has 10 ms ticks). */
function othersCpu(machineCpuMs, simCpuMs, workerCpuMs) {
	if (machineCpuMs === undefined) return undefined;
	return Math.max(0, machineCpuMs - simCpuMs - (workerCpuMs ?? 0));
}

function runError(result) {
	return result.error ? String(result.error).split('\n')[0] : undefined;
}

/** Starts a worker on a freshly seeded simulator, warms it up, then hands it to `body`. */
async function withWorker(ctx, seedCounts, rateLimit, body) {
	const { sim } = ctx;
	sim.reset({ seedCounts: { ...ctx.defaultSeedCounts, ...seedCounts } });
	const worker = await ctx.startWorker();
	try {
		const warm = await worker.ask({
			type: 'run',
			workflow: workflows.warmUp(sim.baseUrl),
			collect: 'Not Found',
		});
		if (warm.error) throw new Error(`warm-up failed: ${warm.error}`);
		sim.clearRequests();
		if (rateLimit) sim.setOptions({ rateLimitPerSecond: rateLimit });
		return await body(worker);
	} finally {
		await worker.close();
		sim.setOptions({ rateLimitPerSecond: 0 });
	}
}

/** One measured workflow run → a sample. `check(result)` → { records, lost, duplicates }. */
async function sampleWorkflow(ctx, worker, { workflow, input, collect, keyField, check }) {
	const {
		value: result,
		cpuMs: simCpuMs,
		machineCpuMs,
	} = await withCpu(
		async () =>
			await worker.ask({ type: 'run', workflow: { ...workflow, input }, collect, keyField }),
	);
	const requests = requestStats(ctx.sim);
	return {
		ms: result.ms,
		nodeMs: result.nodeMs,
		requests: requests.total,
		rateLimited: requests.rateLimited,
		byStatus: requests.byStatus,
		byMethod: requests.byMethod,
		peakRssMb: result.maxRssMb,
		rssBeforeMb: result.rssBeforeMb,
		workerCpuMs: result.cpuMs,
		simCpuMs,
		otherCpuMs: othersCpu(machineCpuMs, simCpuMs, result.cpuMs),
		error: runError(result),
		...check(result),
	};
}

/**
 * Measures several variants, repetition by repetition (A B C, A B C, …) rather than variant by
 * variant, so a burst of load from other processes slows all of them alike instead of one.
 * `variants`: [{ row, reps, sample: () => Promise<sample> }] → one summarised row per variant.
 */
async function measureInterleaved(ctx, variants) {
	const samples = variants.map(() => []);
	const rounds = Math.max(0, ...variants.map((v) => v.reps));
	for (let rep = 0; rep < rounds; rep++) {
		for (const [i, variant] of variants.entries()) {
			if (rep >= variant.reps) continue;
			const sample = await variant.sample();
			samples[i].push(sample);
			const { label } = variant.row;
			const limited = sample.rateLimited ? `, ${sample.rateLimited}×429` : '';
			const failed = sample.error ? `, FAILED: ${sample.error}` : '';
			ctx.log(
				`  ${label} #${rep + 1}: ${Math.round(sample.ms ?? NaN)} ms, ${sample.requests} requests${limited}${failed}`,
			);
		}
	}
	return variants
		.map((variant, i) => (variant.reps > 0 ? summarize(variant.row, samples[i]) : undefined))
		.filter(Boolean);
}

export function summarize(row, samples) {
	const pick = (key) => samples.map((s) => s[key]);
	return {
		...row,
		reps: samples.length,
		medianMs: median(pick('ms')),
		minMs: Math.min(...pick('ms')),
		maxMs: Math.max(...pick('ms')),
		requests: median(pick('requests')),
		rateLimited: samples.reduce((sum, s) => sum + (s.rateLimited ?? 0), 0),
		peakRssMb: median(pick('peakRssMb')),
		rssBeforeMb: median(pick('rssBeforeMb')),
		workerCpuMs: median(pick('workerCpuMs')),
		simCpuMs: median(pick('simCpuMs')),
		otherCpuMs: median(pick('otherCpuMs')),
		otherCpuShare: median(
			samples.map((s) => (s.otherCpuMs === undefined ? undefined : s.otherCpuMs / s.ms)),
		),
		failed: samples.filter((s) => s.error).length,
		lost: Math.max(0, ...samples.map((s) => s.lost ?? 0)),
		duplicates: Math.max(0, ...samples.map((s) => s.duplicates ?? 0)),
		samples,
	};
}

// --- (1) Return All of N incidents -------------------------------------------------------------

function incidentCheck(sim) {
	return (result) => {
		const expected = new Set(sim.state.incidents.map((i) => String(i.id)));
		const got = result.keys ?? [];
		const unique = new Set(got);
		let lost = 0;
		for (const id of expected) if (!unique.has(id)) lost++;
		return { records: got.length, lost, duplicates: got.length - unique.size };
	};
}

export async function returnAllRows(ctx, { n, reps, rateLimit, concurrency }) {
	const { sim } = ctx;
	const tag = rateLimit ? ` @${rateLimit}/s` : '';
	const suffix = rateLimit ? '.rl' : '';
	const seed = { incidents: n };
	const row = (id, label, extra = {}) => ({ id, scenario: 1, label, n, ...extra });
	const run =
		(workflow, collect, options = {}) =>
		async () =>
			await withWorker(ctx, seed, rateLimit, async (worker) => {
				if (options.total) sim.setOptions({ total: options.total });
				const sample = await sampleWorkflow(ctx, worker, {
					workflow,
					collect,
					keyField: 'id',
					check: incidentCheck(sim),
				});
				if (!options.rawFloor) return sample;
				// The measured floor: the node's own page queries, fetched by a bare client.
				const page = sim.requests.find(
					(r) => r.path.endsWith('/incidents') && r.query.limit === '100',
				);
				const query = new URLSearchParams(page?.rawQuery ?? 'limit=100');
				const urls = Array.from({ length: Math.ceil(n / 100) }, (_, i) => {
					query.set('offset', String(i * 100));
					return `${sim.baseUrl}/incidents?${query}`;
				});
				const raw = await worker.ask({ type: 'raw', urls, concurrency });
				return { ...sample, rawFloorMs: raw.ms };
			});

	const variants = [
		{
			row: row(`returnAll.node${suffix}`, `Cloudlock node (c=${concurrency})${tag}`),
			reps,
			sample: run(workflows.nodeReturnAll(), 'Cloudlock', { rawFloor: !rateLimit }),
		},
		{
			row: row(`returnAll.http${suffix}`, `HTTP Request paginated + Split Out${tag}`),
			reps,
			sample: run(workflows.httpReturnAll(sim.baseUrl), 'Split Out'),
		},
	];
	if (rateLimit) {
		variants.push({
			row: row('returnAll.httpRetry.rl', `HTTP Request + Retry On Fail${tag}`),
			reps,
			sample: run(withRetryOnFail(workflows.httpReturnAll(sim.baseUrl)), 'Split Out'),
		});
	} else {
		// What limits the node: a list whose total Cloudlock does not report, and concurrency.
		variants.push({
			row: row('returnAll.nodeNoTotal', 'Cloudlock node, no "total" in answers', { info: true }),
			reps,
			sample: run(workflows.nodeReturnAll(), 'Cloudlock', { total: 'missing' }),
		});
		for (const c of ctx.extraConcurrency) {
			variants.push({
				row: row(`returnAll.node.c${c}`, `Cloudlock node, Max Concurrent Requests ${c}`, {
					info: true,
				}),
				reps: ctx.infoReps,
				sample: run(workflows.nodeReturnAll({ concurrency: c }), 'Cloudlock'),
			});
		}
	}
	const rows = await measureInterleaved(ctx, variants);
	if (rateLimit) return rows;

	const rawMs = rows[0].samples.map((s) => s.rawFloorMs);
	rows.splice(
		1,
		0,
		row('returnAll.floor', `floor: ceil(N/100)/${concurrency} × ${ctx.latency} ms`, {
			medianMs: Math.ceil(n / 100 / concurrency) * ctx.latency,
			requests: Math.ceil(n / 100),
			computed: true,
		}),
		row('returnAll.rawFloor', `bare http client, same pages (c=${concurrency})`, {
			reps: rawMs.length,
			medianMs: median(rawMs),
			minMs: Math.min(...rawMs),
			maxMs: Math.max(...rawMs),
			requests: Math.ceil(n / 100),
		}),
	);
	return rows;
}

/** The node setting a user turns on when 429s break a workflow (3 tries, 1 s apart). */
function withRetryOnFail(workflow) {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === 'n8n-nodes-base.httpRequest'
				? { ...node, retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 }
				: node,
		),
	};
}

// --- (2) Add N IPs to a library of M entries ---------------------------------------------------

function ipCheck(sim, ips, before) {
	return () => {
		const counts = new Map(ips.map((ip) => [ip, 0]));
		for (const entry of sim.state.ip.suspicious) {
			if (counts.has(entry.ip_address))
				counts.set(entry.ip_address, counts.get(entry.ip_address) + 1);
		}
		let lost = 0;
		let duplicates = 0;
		for (const count of counts.values()) {
			if (count === 0) lost++;
			if (count > 1) duplicates += count - 1;
		}
		return {
			records: ips.length - lost,
			lost,
			duplicates,
			libraryAfter: sim.state.ip.suspicious.length,
			libraryBefore: before,
		};
	};
}

export async function addIpsRows(ctx, { n, library, reps, loopReps, rateLimit }) {
	const { sim } = ctx;
	const tag = rateLimit ? ` @${rateLimit}/s` : '';
	const suffix = rateLimit ? '.rl' : '';
	const ips = benchIps(n);
	const seed = { suspicious: library };
	const side = (workflow, input, collect) => async () =>
		await withWorker(ctx, seed, rateLimit, async (worker) =>
			sampleWorkflow(ctx, worker, {
				workflow,
				input,
				collect,
				check: ipCheck(sim, ips, sim.state.ip.suspicious.length),
			}),
		);
	const row = (id, label, extra = {}) => ({ id, scenario: 2, n, library, label, ...extra });
	const perIp = ips.map((ip) => ({ ip }));
	const variants = [
		{
			row: row(`addIps.node${suffix}`, `Cloudlock node, 1 item × ${n} IPs${tag}`),
			reps,
			sample: side(workflows.nodeAddIps(), [{ ips }], 'Cloudlock'),
		},
		{
			row: row(`addIps.loop${suffix}`, `HTTP Request per-IP loop (Loop Over Items)${tag}`),
			reps: loopReps,
			sample: side(workflows.httpPerIpLoop(sim.baseUrl), perIp, 'Add IP'),
		},
		{
			row: row(`addIps.items${suffix}`, `HTTP Request per-IP, all items at once${tag}`),
			reps,
			sample: side(workflows.httpPerIpItems(sim.baseUrl), perIp, 'Add IP'),
		},
	];
	if (rateLimit) {
		variants.splice(2, 0, {
			row: row('addIps.loopRetry.rl', `HTTP Request per-IP loop + Retry On Fail${tag}`),
			reps: loopReps,
			sample: side(withRetryOnFail(workflows.httpPerIpLoop(sim.baseUrl)), perIp, 'Add IP'),
		});
	} else {
		variants.splice(1, 0, {
			row: row('addIps.nodeItems', `Cloudlock node, ${n} items × 1 IP`, { info: true }),
			reps: ctx.infoReps,
			sample: side(
				workflows.nodeAddIps(),
				ips.map((ip) => ({ ips: ip })),
				'Cloudlock',
			),
		});
		for (const [k, c] of ctx.extraConcurrency.entries()) {
			variants.splice(2 + k, 0, {
				row: row(`addIps.node.c${c}`, `Cloudlock node, Max Concurrent Requests ${c}`, {
					info: true,
				}),
				reps: ctx.infoReps,
				sample: side(workflows.nodeAddIps({ concurrency: c }), [{ ips }], 'Cloudlock'),
			});
		}
	}
	return await measureInterleaved(ctx, variants);
}

// --- (3) Trigger -------------------------------------------------------------------------------

async function poll(ctx, worker) {
	const from = ctx.sim.requests.length;
	const {
		value: result,
		cpuMs: simCpuMs,
		machineCpuMs,
	} = await withCpu(async () => await worker.ask({ type: 'poll', parameters: TRIGGER_PARAMETERS }));
	if (result.error) throw new Error(`poll failed: ${result.error}`);
	const requests = requestStats(ctx.sim, from);
	return {
		ms: result.ms,
		emitted: result.items,
		keys: result.keys,
		requests: requests.total,
		rateLimited: requests.rateLimited,
		peakRssMb: result.maxRssMb,
		rssBeforeMb: result.rssBeforeMb,
		workerCpuMs: result.cpuMs,
		simCpuMs,
		otherCpuMs: othersCpu(machineCpuMs, simCpuMs, result.cpuMs),
	};
}

export async function triggerRows(ctx, { backlog, reps, idlePolls, rateLimit }) {
	const { sim } = ctx;
	const tag = rateLimit ? ` @${rateLimit}/s` : '';
	const suffix = rateLimit ? '.rl' : '';
	const samples = { activation: [], idle: [], drain: [], after: [] };
	for (let rep = 0; rep < reps; rep++) {
		await withWorker(ctx, {}, rateLimit, async (worker) => {
			samples.activation.push(await poll(ctx, worker));
			const idle = [];
			for (let i = 0; i < idlePolls; i++) idle.push(await poll(ctx, worker));
			samples.idle.push({
				...idle[0],
				ms: median(idle.map((p) => p.ms)),
				requests: idle.reduce((sum, p) => sum + p.requests, 0) / idle.length,
				maxRequests: Math.max(...idle.map((p) => p.requests)),
				emitted: idle.reduce((sum, p) => sum + p.emitted, 0),
			});
			const firstNew = sim.state.incidents.length;
			for (let i = 0; i < backlog; i++) sim.addIncident();
			const added = new Set(sim.state.incidents.slice(firstNew).map((i) => String(i.id)));
			const drain = await poll(ctx, worker);
			const got = new Set(drain.keys);
			let lost = 0;
			for (const id of added) if (!got.has(id)) lost++;
			drain.lost = lost;
			drain.duplicates = drain.keys.length - got.size;
			drain.extra = [...got].filter((id) => !added.has(id)).length;
			drain.records = drain.emitted;
			const after = await poll(ctx, worker);
			// A second poll must find nothing left: the backlog was drained in one poll.
			after.duplicates = after.keys.filter((id) => added.has(id)).length;
			after.lost = 0;
			samples.after.push(after);
			samples.drain.push(drain);
			ctx.log(
				`  trigger${tag} #${rep + 1}: activation ${samples.activation.at(-1).requests} req, idle ${samples.idle.at(-1).requests} req/poll, ` +
					`drain ${Math.round(drain.ms)} ms / ${drain.requests} req / ${drain.emitted} emitted${drain.rateLimited ? ` / ${drain.rateLimited}×429` : ''}, ` +
					`next poll ${after.requests} req / ${after.emitted} emitted`,
			);
		});
		for (const list of Object.values(samples)) for (const s of list) delete s.keys;
	}
	const common = { scenario: 3 };
	return [
		summarize(
			{
				...common,
				id: `trigger.activation${suffix}`,
				label: `trigger: first poll (activation)${tag}`,
			},
			samples.activation,
		),
		summarize(
			{ ...common, id: `trigger.idle${suffix}`, label: `trigger: idle poll${tag}` },
			samples.idle,
		),
		summarize(
			{
				...common,
				id: `trigger.drain${suffix}`,
				label: `trigger: poll after ${backlog} new incidents${tag}`,
				n: backlog,
			},
			samples.drain,
		),
		summarize(
			{
				...common,
				id: `trigger.after${suffix}`,
				label: `trigger: idle poll right after that${tag}`,
			},
			samples.after,
		),
	];
}
