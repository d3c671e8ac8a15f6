// Targets and the printed table of a benchmark run.

const fmtMs = (ms) => (ms === undefined || !Number.isFinite(ms) ? '—' : `${Math.round(ms)}`);
const fmtX = (x) => (x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`);
const byId = (rows, id) => rows.find((row) => row.id === id);

/** `a` divided by `b` when both exist. */
const ratio = (a, b) => (a !== undefined && b ? a / b : undefined);

export function evaluateTargets(rows, config) {
	const targets = [];
	const add = (id, text, pass, measured) =>
		targets.push({ id, text, pass: pass === undefined ? null : Boolean(pass), measured });

	const node = byId(rows, 'returnAll.node');
	const http = byId(rows, 'returnAll.http');
	const floor = byId(rows, 'returnAll.floor');
	const raw = byId(rows, 'returnAll.rawFloor');
	if (node && http) {
		const speedup = ratio(http.medianMs, node.medianMs);
		add(
			'1.speed',
			'(1) ≥ 2.5× faster than the HTTP Request node',
			speedup >= 2.5,
			`${fmtX(speedup)}`,
		);
		const overFloor = ratio(node.medianMs, floor?.medianMs);
		add(
			'1.floor',
			`(1) within 1.3× of the floor (c=${config.concurrency})`,
			overFloor <= 1.3,
			`${fmtX(overFloor)} of ${fmtMs(floor?.medianMs)} ms; ${fmtX(ratio(node.medianMs, raw?.medianMs))} of the bare client's ${fmtMs(raw?.medianMs)} ms`,
		);
		add(
			'1.no429',
			'(1) no 429 from the unlimited simulator',
			node.rateLimited === 0 && node.failed === 0 && node.lost === 0,
			`${node.rateLimited} × 429, ${node.failed} failed, ${node.lost} lost`,
		);
	}

	const ipNode = byId(rows, 'addIps.node');
	const loop = byId(rows, 'addIps.loop');
	if (ipNode && loop) {
		const speedup = ratio(loop.medianMs, ipNode.medianMs);
		add('2.speed', '(2) ≥ 10× faster than the per-IP loop', speedup >= 10, `${fmtX(speedup)}`);
	}

	const idle = byId(rows, 'trigger.idle');
	const drain = byId(rows, 'trigger.drain');
	const after = byId(rows, 'trigger.after');
	if (idle && drain && after) {
		const worstIdle = Math.max(...idle.samples.map((s) => s.maxRequests));
		add(
			'3.idle',
			'(3) one request per idle poll (no incident in the late-arrival window)',
			worstIdle === 1,
			`${worstIdle} request(s) at most`,
		);
		const worstAfter = Math.max(...after.samples.map((s) => s.requests));
		add(
			'3.idleAfterBurst',
			'(3) idle poll right after the backlog (the late-arrival window is re-read; README, trigger section)',
			undefined,
			`${worstAfter} requests, ${fmtMs(after.medianMs)} ms until the backlog is older than the window`,
		);
		const drained =
			drain.lost === 0 &&
			drain.duplicates === 0 &&
			after.samples.every((s) => s.emitted === 0) &&
			drain.samples.every((s) => s.extra === 0);
		add(
			'3.drain',
			`(3) backlog of ${drain.n} drained in one poll`,
			drained,
			`${fmtMs(drain.medianMs)} ms, ${drain.requests} requests; next poll emitted ${Math.max(...after.samples.map((s) => s.emitted))}`,
		);
	}

	const limited = rows.filter(
		(row) => row.id.endsWith('.rl') && (row.id.includes('.node') || row.id.startsWith('trigger')),
	);
	if (limited.length) {
		const lost = limited.reduce((sum, row) => sum + (row.lost ?? 0) + (row.duplicates ?? 0), 0);
		const failed = limited.reduce((sum, row) => sum + (row.failed ?? 0), 0);
		const tooMany = limited.reduce((sum, row) => sum + (row.rateLimited ?? 0), 0);
		add(
			'4.rateLimit',
			`(4) zero lost records under ${config.rateLimit}/s (this package's runs)`,
			lost === 0 && failed === 0,
			`${lost} lost or duplicated, ${failed} failed, ${tooMany} × 429 answered`,
		);
	}
	return targets;
}

/** Time relative to the row it is compared with (a comparison row vs the node, the node vs floors). */
function vsText(row, rows) {
	const nodeOf = {
		1: byId(rows, row.id.endsWith('.rl') ? 'returnAll.node.rl' : 'returnAll.node'),
		2: byId(rows, row.id.endsWith('.rl') ? 'addIps.node.rl' : 'addIps.node'),
	}[row.scenario];
	if (!nodeOf || row.medianMs === undefined) return '';
	if (row === nodeOf) return '1.00× (reference)';
	if (row.id === 'returnAll.floor' || row.id === 'returnAll.rawFloor')
		return `node = ${fmtX(ratio(nodeOf.medianMs, row.medianMs))} this`;
	if (row.failed) return '';
	return `${fmtX(ratio(row.medianMs, nodeOf.medianMs))} the node's time`;
}

export function formatTable(rows) {
	const header = [
		'#',
		'run',
		'N',
		'median ms',
		'min–max (reps)',
		'requests',
		'429s',
		'peak RSS MB (+run)',
		'records',
		'vs',
	];
	const lines = rows.map((row) => {
		const failed = row.failed ? `${row.failed}/${row.reps} FAILED, ` : '';
		const silent = row.lost && !row.failed ? ' (no error)' : '';
		const records =
			row.computed || row.id.startsWith('trigger.idle') || row.id.startsWith('trigger.activation')
				? ''
				: row.id.startsWith('trigger.after')
					? row.duplicates
						? `${row.duplicates} re-emitted`
						: 'none re-emitted'
					: row.lost !== undefined
						? `${failed}${row.lost ? `${row.lost} lost${silent}` : 'all'}${row.duplicates ? `, ${row.duplicates} dup` : ''}`
						: '';
		return [
			String(row.scenario) + (row.id.endsWith('.rl') ? 'RL' : ''),
			row.label + (row.info ? ' (info)' : ''),
			row.n === undefined ? '' : String(row.n),
			fmtMs(row.medianMs),
			row.minMs === undefined ? '' : `${fmtMs(row.minMs)}–${fmtMs(row.maxMs)} (${row.reps})`,
			row.requests === undefined ? '' : String(Math.round(row.requests * 100) / 100),
			row.rateLimited === undefined ? '' : String(row.rateLimited),
			row.peakRssMb === undefined
				? ''
				: `${Math.round(row.peakRssMb)} (+${Math.round(row.peakRssMb - row.rssBeforeMb)})`,
			records,
			vsText(row, rows),
		];
	});
	const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [
		fmt(header),
		`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
		...lines.map(fmt),
	].join('\n');
}

export function formatTargets(targets) {
	return targets
		.map((t) => `${t.pass === null ? 'INFO' : t.pass ? 'PASS' : 'MISS'}  ${t.text}: ${t.measured}`)
		.join('\n');
}
