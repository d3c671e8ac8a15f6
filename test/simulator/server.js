'use strict';
/*
 * Cisco Cloudlock REST API v2 simulator (test double) — Node built-ins only.
 *
 *   const { startSimulator } = require('./server');
 *   const sim = await startSimulator({ port: 0, seed: 1, now: Date.UTC(2026, 11, 1) });
 *   // ... sim.baseUrl, sim.state, sim.injectFault(...), sim.setOptions(...)
 *   await sim.close();
 *
 * See README.md in this folder for the HTTP control API (/_sim/...) and every switch.
 */

const http = require('http');
const { URL } = require('url');
const data = require('./data');

const {
	parseTimestamp,
	formatMicro,
	formatMilliZ,
	SEVERITIES,
	STATUSES,
	APP_CLASSIFICATIONS,
	DAY_MS,
} = data;

const API_PREFIX = '/api/v2';
const CONTROL_PREFIX = '/_sim';
const DEFAULT_TOKEN = 'sim-token';
const FIRST_INCIDENT_ID = 320831601;

const MSG = Object.freeze({
	unauthorized: 'Invalid token',
	notFound: 'Not found',
	noSuchId: 'A resource with that ID does not exist',
	methodNotAllowed: 'Method not allowed',
	tooMany: 'Too many requests',
	malformedJson: 'Malformed JSON in request body',
	csvUnsupported: 'CSV import not supported by the simulator',
	duplicateIp: 'IP address already exists',
});

const DEFAULT_OPTIONS = Object.freeze({
	maxLimit: 100,
	defaultLimit: 20,
	limitOverMax: 'clamp',
	ignoreOffset: false,
	total: 'exact',
	afterInclusive: true,
	beforeInclusive: false,
	timePrecision: 'micro',
	rateLimitPerSecond: 0,
	rateLimitRetryAfter: true,
	ipPost: 'entry',
	ipTrustedJsonPost: true,
	policiesShape: 'envelope',
	subResourceShape: 'array',
	defaultOrder: 'created_at',
});

const INCIDENT_ORDERS = ['created_at', '-created_at', 'updated_at', '-updated_at', 'id', '-id'];

const OPTION_SPECS = {
	maxLimit: { type: 'int', min: 1 },
	defaultLimit: { type: 'int', min: 1 },
	limitOverMax: { type: 'enum', values: ['clamp', 'error'] },
	ignoreOffset: { type: 'bool' },
	total: { type: 'enum', values: ['exact', 'missing', 'pageSize', 'zero'] },
	afterInclusive: { type: 'bool' },
	beforeInclusive: { type: 'bool' },
	timePrecision: { type: 'enum', values: ['micro', 'milli', 'second', 'minute'] },
	rateLimitPerSecond: { type: 'int', min: 0 },
	rateLimitRetryAfter: { type: 'bool' },
	ipPost: { type: 'enum', values: ['entry', 'empty', 'noPk', 'ghost', 'rejectDuplicate'] },
	ipTrustedJsonPost: { type: 'bool' },
	policiesShape: { type: 'enum', values: ['envelope', 'bare'] },
	subResourceShape: { type: 'enum', values: ['array', 'envelope'] },
	defaultOrder: { type: 'enum', values: INCIDENT_ORDERS },
};

const PRECISION_UNITS = { micro: 1, milli: 1000, second: 1e6, minute: 6e7 };

const FAULT_KINDS = ['status', 'reset', 'slow', 'malformed', 'html', 'notCloudlock'];

const STATUS_TEXT = {
	400: 'Bad request',
	401: MSG.unauthorized,
	403: 'Forbidden',
	404: MSG.notFound,
	405: MSG.methodNotAllowed,
	409: 'Conflict',
	429: MSG.tooMany,
	500: 'Internal server error',
	502: 'Bad gateway',
	503: 'Service unavailable',
	504: 'Gateway timeout',
};

const LOGIN_PAGE =
	'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in | Cisco Cloudlock</title></head>' +
	'<body><h1>Cisco Cloudlock</h1><form method="post" action="/login"><label>Email <input name="email" type="email"></label>' +
	'<label>Password <input name="password" type="password"></label><button type="submit">Sign in</button></form></body></html>\n';

class HttpError extends Error {
	constructor(status, message, headers) {
		super(message);
		this.status = status;
		this.headers = headers || {};
	}
}

const bad = (message) => new HttpError(400, message);
const invalid = (name, value) => bad(`Invalid value for ${name}: ${value}`);

// ---------------------------------------------------------------------------------------------
// Small helpers

function clone(v) {
	return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

function isPlainObject(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function splitList(v) {
	return String(v)
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
}

function present(q, name) {
	return q[name] !== undefined && q[name] !== '';
}

function validateOptions(partial) {
	if (!isPlainObject(partial)) throw bad('options must be an object');
	const out = {};
	for (const [key, value] of Object.entries(partial)) {
		const spec = OPTION_SPECS[key];
		if (!spec) throw bad(`Unknown option: ${key}`);
		if (spec.type === 'bool') {
			if (typeof value !== 'boolean') throw bad(`Option ${key} must be a boolean`);
		} else if (spec.type === 'int') {
			if (!Number.isInteger(value) || value < spec.min)
				throw bad(`Option ${key} must be an integer >= ${spec.min}`);
		} else if (!spec.values.includes(value)) {
			throw bad(`Option ${key} must be one of: ${spec.values.join(', ')}`);
		}
		out[key] = value;
	}
	return out;
}

function validateFault(f) {
	if (!isPlainObject(f)) throw bad('A fault must be an object');
	if (!FAULT_KINDS.includes(f.kind))
		throw bad(`Unknown fault kind: ${f.kind} (expected one of ${FAULT_KINDS.join(', ')})`);
	const fault = { kind: f.kind, times: 1 };
	if (f.times !== undefined) {
		if (!Number.isInteger(f.times) || f.times < 1) throw bad('fault.times must be an integer >= 1');
		fault.times = f.times;
	}
	if (f.kind === 'status') {
		if (!Number.isInteger(f.status) || f.status < 100 || f.status > 599)
			throw bad('fault.status must be an HTTP status code');
		fault.status = f.status;
		if (f.retryAfter !== undefined && f.retryAfter !== null) {
			const ra = String(f.retryAfter);
			if (ra.startsWith('http-date:') && !Number.isFinite(Number(ra.slice('http-date:'.length)))) {
				throw bad('fault.retryAfter http-date form is "http-date:<seconds from now>"');
			}
			fault.retryAfter = ra;
		}
		if (f.body !== undefined) fault.body = f.body;
	}
	if (f.kind === 'slow') {
		if (typeof f.ms !== 'number' || !(f.ms >= 0)) throw bad('fault.ms must be a number >= 0');
		fault.ms = f.ms;
	}
	if (f.match !== undefined) {
		if (!isPlainObject(f.match)) throw bad('fault.match must be an object');
		fault.match = {};
		if (f.match.method !== undefined) fault.match.method = String(f.match.method).toUpperCase();
		if (f.match.path !== undefined) fault.match.path = String(f.match.path);
	}
	return fault;
}

function normalizeSubPath(p) {
	return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function faultMatches(fault, method, sub) {
	const m = fault.match;
	if (!m) return true;
	if (m.method && m.method !== method) return false;
	if (m.path !== undefined) {
		if (sub === null) return false;
		const p = normalizeSubPath(sub);
		if (m.path.endsWith('*'))
			return p.startsWith(m.path.slice(0, -1)) || sub.startsWith(m.path.slice(0, -1));
		return p === normalizeSubPath(m.path);
	}
	return true;
}

function isValidIp(value) {
	if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
	let ip = value;
	let prefix = null;
	const slash = value.indexOf('/');
	if (slash !== -1) {
		ip = value.slice(0, slash);
		prefix = value.slice(slash + 1);
		if (!/^\d{1,3}$/.test(prefix)) return false;
	}
	const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
	if (v4) {
		if (v4.slice(1).some((o) => Number(o) > 255 || (o.length > 1 && o[0] === '0'))) return false;
		return prefix === null || Number(prefix) <= 32;
	}
	if (!ip.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(ip)) return false;
	try {
		new URL(`http://[${ip}]/`);
	} catch {
		return false;
	}
	return prefix === null || Number(prefix) <= 128;
}

function toMicro(value, fallbackMicro) {
	if (value === undefined || value === null) return fallbackMicro;
	if (typeof value === 'number') return Math.floor(value) * 1000;
	if (value instanceof Date) return value.getTime() * 1000;
	const p = parseTimestamp(String(value));
	return p === null ? fallbackMicro : p;
}

/** Keep a caller-supplied timestamp string verbatim; numbers (ms) and Dates are formatted. */
function tsValue(value, fmt) {
	if (typeof value === 'number') return fmt(Math.floor(value) * 1000);
	if (value instanceof Date) return fmt(value.getTime() * 1000);
	return value;
}

// ---------------------------------------------------------------------------------------------
// Simulator core

function createCore(config) {
	const startConfig = {
		seed: config.seed === undefined ? 1 : Number(config.seed),
		now: config.now === undefined ? Date.now() : Number(config.now),
		seedCounts: { ...data.DEFAULT_SEED_COUNTS, ...(config.seedCounts || {}) },
		options: { ...DEFAULT_OPTIONS, ...validateOptions(config.options || {}) },
		latency: Number(config.latency || 0),
		freezeClock: Boolean(config.freezeClock),
	};
	const token = config.token === undefined ? DEFAULT_TOKEN : String(config.token);

	// --- clock -------------------------------------------------------------------------------
	let frozenAt = null;
	let offset = 0;
	const clock = {
		now: () => (frozenAt !== null ? frozenAt : Date.now() + offset),
		set(ms) {
			if (!Number.isFinite(Number(ms))) throw bad('clock.set needs a number of milliseconds');
			frozenAt = Math.floor(Number(ms));
		},
		advance(ms) {
			if (!Number.isFinite(Number(ms))) throw bad('clock.advance needs a number of milliseconds');
			if (frozenAt !== null) frozenAt += Math.floor(Number(ms));
			else offset += Math.floor(Number(ms));
		},
		real() {
			frozenAt = null;
			offset = 0;
		},
		get frozen() {
			return frozenAt !== null;
		},
	};
	const nowMicro = () => clock.now() * 1000;

	// --- mutable state -----------------------------------------------------------------------
	let current = { ...startConfig };
	const state = {};
	const requests = [];
	let faults = [];
	let options = { ...startConfig.options };
	let latency = startConfig.latency;
	let rateWindow = [];
	let runtimeRng = null;
	const tsCache = new Map();

	function parseCached(s) {
		if (typeof s !== 'string') return null;
		let v = tsCache.get(s);
		if (v === undefined) {
			v = parseTimestamp(s);
			if (tsCache.size > 500000) tsCache.clear();
			tsCache.set(s, v);
		}
		return v;
	}

	function replaceInPlace(target, fresh) {
		for (const key of Object.keys(target)) if (!(key in fresh)) delete target[key];
		for (const [key, value] of Object.entries(fresh)) {
			if (Array.isArray(value)) {
				if (!Array.isArray(target[key])) target[key] = [];
				const arr = target[key];
				arr.length = 0;
				for (const x of value) arr.push(x);
			} else if (isPlainObject(value)) {
				if (!isPlainObject(target[key])) target[key] = {};
				replaceInPlace(target[key], value);
			} else {
				target[key] = value;
			}
		}
	}

	function seedState(overrides = {}) {
		if (overrides.seed !== undefined) current.seed = Number(overrides.seed);
		if (overrides.now !== undefined) current.now = Number(overrides.now);
		if (overrides.seedCounts !== undefined)
			current.seedCounts = { ...data.DEFAULT_SEED_COUNTS, ...overrides.seedCounts };
		const fresh = data.generateState({
			seed: current.seed,
			now: current.now,
			counts: current.seedCounts,
		});
		replaceInPlace(state, fresh);
		runtimeRng = new data.Rng(data.deriveSeed(current.seed, 'runtime'));
		tsCache.clear();
	}

	function reset(overrides = {}) {
		current = { ...startConfig };
		seedState(overrides);
		requests.length = 0;
		faults = [];
		options = { ...startConfig.options };
		latency = startConfig.latency;
		rateWindow = [];
		clock.real();
		if (startConfig.freezeClock) clock.set(current.now);
	}

	reset();

	// --- sim helpers (also used by /_sim) -----------------------------------------------------

	// Incidents are appended far more often than replaced, so only the new tail is scanned;
	// a shorter or swapped array (reset, a test replacing state) is scanned whole.
	const idScan = { list: null, length: 0, max: FIRST_INCIDENT_ID - 1 };
	function nextIncidentId() {
		const list = state.incidents;
		if (idScan.list !== list || list.length < idScan.length) {
			idScan.list = list;
			idScan.length = 0;
			idScan.max = FIRST_INCIDENT_ID - 1;
		}
		for (let i = idScan.length; i < list.length; i++) {
			const n = Number(list[i].id);
			if (Number.isFinite(n) && n > idScan.max) idScan.max = n;
		}
		idScan.length = list.length;
		return idScan.max + 1;
	}

	function loginActivities() {
		const out = [];
		for (const a of state.activities) {
			if (a && a.event_type === 'login' && a.client_ip) {
				const m = parseCached(a.created_at);
				out.push({ activity: a, micro: m === null ? 0 : m });
			}
		}
		out.sort((x, y) => x.micro - y.micro);
		return out;
	}

	function incidentContext() {
		return {
			users: state.users,
			policies: state.policies,
			entityPool: (state.entityRefs || []).map((ref) => ({ ref })),
			loginActivities: loginActivities(),
		};
	}

	function addIncidentWith(ctx, partial) {
		const p = partial || {};
		if (!isPlainObject(p)) throw bad('incident partial must be an object');
		const createdMicro = toMicro(p.created_at, nowMicro());
		const updatedMicro = toMicro(p.updated_at, createdMicro);
		let forcedPolicy;
		if (p.policy && p.policy.id !== undefined)
			forcedPolicy = state.policies.find((x) => x.id === p.policy.id);
		if (!forcedPolicy && p.incident_type !== undefined) {
			const wantUeba = p.incident_type === 'UEBA';
			const pool = state.policies.filter((x) => data.isUebaPolicy(x) === wantUeba);
			if (pool.length) forcedPolicy = runtimeRng.pick(pool);
		}
		const id = p.id !== undefined ? String(p.id) : String(nextIncidentId());
		const { incident, detail } = data.buildIncident(
			runtimeRng,
			ctx,
			id,
			createdMicro,
			updatedMicro,
			{ policy: forcedPolicy },
		);
		for (const [key, value] of Object.entries(p)) {
			if (key === 'created_at') incident.created_at = tsValue(value, formatMicro);
			else if (key === 'updated_at') incident.updated_at = tsValue(value, formatMicro);
			else if ((key === 'entity' || key === 'policy') && isPlainObject(value))
				incident[key] = { ...incident[key], ...clone(value) };
			else if (key !== 'id') incident[key] = clone(value);
		}
		if (p.created_at !== undefined && p.updated_at === undefined)
			incident.updated_at = incident.created_at;
		if (p.matches !== undefined && p.match_count === undefined && Array.isArray(p.matches))
			incident.match_count = p.matches.length;
		if (p.policy && p.policy.id !== undefined && p.policy.name === undefined) {
			const pol = state.policies.find((x) => x.id === p.policy.id);
			if (pol) incident.policy.name = pol.name;
		}
		state.incidents.push(incident);
		if (detail && !state.incidentEntities.some((d) => d.id === detail.id))
			state.incidentEntities.push(detail);
		return incident;
	}

	function addIncident(partial) {
		return addIncidentWith(incidentContext(), partial);
	}

	function addIncidents(n, partial) {
		const count = Number(n);
		if (!Number.isInteger(count) || count < 0) throw bad('count must be an integer >= 0');
		const ctx = incidentContext();
		const p = { ...(partial || {}) };
		// one timestamp for the whole batch unless the caller gave one
		if (p.created_at === undefined) p.created_at = clock.now();
		const out = [];
		for (let i = 0; i < count; i++) out.push(addIncidentWith(ctx, p));
		return out;
	}

	function findIncident(id) {
		const s = String(id);
		return state.incidents.find((x) => x && String(x.id) === s);
	}

	function updateIncident(id, patch) {
		const inc = findIncident(id);
		if (!inc) throw new HttpError(404, MSG.noSuchId);
		const p = patch || {};
		if (!isPlainObject(p)) throw bad('patch must be an object');
		for (const [key, value] of Object.entries(p)) {
			if (key === 'id') continue;
			if (key === 'created_at' || key === 'updated_at') inc[key] = tsValue(value, formatMicro);
			else if ((key === 'entity' || key === 'policy') && isPlainObject(value))
				inc[key] = { ...inc[key], ...clone(value) };
			else inc[key] = clone(value);
		}
		if (p.updated_at === undefined) inc.updated_at = formatMicro(nowMicro());
		return inc;
	}

	function addActivity(partial) {
		const p = partial || {};
		if (!isPlainObject(p)) throw bad('activity partial must be an object');
		const micro = toMicro(p.created_at, nowMicro());
		const vendor = p.vendor && p.vendor.name;
		const opts = {
			vendor: data.VENDORS.includes(vendor) ? vendor : undefined,
			service: p.vendor && p.vendor.service,
			login: p.event_type === undefined || p.event_type === 'login',
		};
		const a = data.makeActivity(runtimeRng, state.users, micro, opts);
		for (const [key, value] of Object.entries(p)) {
			if (key === 'created_at') a.created_at = tsValue(value, formatMilliZ);
			else if (isPlainObject(value) && isPlainObject(a[key]))
				a[key] = { ...a[key], ...clone(value) };
			else a[key] = clone(value);
		}
		if (p.event_id !== undefined && p.origin_id === undefined)
			a.origin_id = String(p.event_id).replace(/#\d+$/, '');
		state.activities.push(a);
		return a;
	}

	function newPk() {
		for (;;) {
			const pk = runtimeRng.hashId(10);
			if (
				!state.ip.suspicious.some((e) => e.pk === pk) &&
				!state.ip.trusted.some((e) => e.pk === pk)
			)
				return pk;
		}
	}

	function ipLib(lib) {
		if (lib !== 'suspicious' && lib !== 'trusted')
			throw new HttpError(404, `Unknown IP library: ${lib}`);
		return state.ip[lib];
	}

	function addIpEntry(lib, partial) {
		const list = ipLib(lib);
		const p = partial || {};
		if (!isPlainObject(p)) throw bad('IP entry partial must be an object');
		const ts = formatMicro(nowMicro());
		const entry = {
			pk: newPk(),
			type: lib,
			name: '',
			ip_address: data.anyIp(runtimeRng),
			description: '',
			categories: [],
			location: '',
			updated_on: ts,
			created_on: ts,
			expires_on: null,
		};
		for (const [key, value] of Object.entries(p)) {
			entry[key] = key.endsWith('_on') ? tsValue(value, formatMicro) : clone(value);
		}
		list.push(entry);
		return entry;
	}

	function setOptions(partial) {
		const valid = validateOptions(partial || {});
		options = { ...options, ...valid };
		if ('rateLimitPerSecond' in valid) rateWindow = [];
		return { ...options };
	}

	function setLatency(ms) {
		const n = Number(ms);
		if (!Number.isFinite(n) || n < 0) throw bad('latency must be a number >= 0');
		latency = n;
	}

	function injectFaults(list) {
		const arr = Array.isArray(list) ? list : [list];
		const valid = arr.map(validateFault);
		faults.push(...valid);
		return valid.length;
	}

	function takeFault(method, sub) {
		for (let i = 0; i < faults.length; i++) {
			const f = faults[i];
			if (faultMatches(f, method, sub)) {
				f.times -= 1;
				if (f.times <= 0) faults.splice(i, 1);
				return f;
			}
		}
		return null;
	}

	function rateLimited() {
		const n = options.rateLimitPerSecond;
		if (!n) return false;
		const now = clock.now();
		while (rateWindow.length && rateWindow[0] <= now - 1000) rateWindow.shift();
		if (rateWindow.length >= n) return true;
		rateWindow.push(now);
		return false;
	}

	// --- listing helpers ------------------------------------------------------------------------

	function parseIntParam(q, name) {
		const v = q[name];
		if (v === undefined || v === '') return undefined;
		if (!/^\d+$/.test(v)) throw invalid(name, v);
		return Number(v);
	}

	function pageParams(q) {
		let limit = parseIntParam(q, 'limit');
		const offset = parseIntParam(q, 'offset') || 0;
		if (limit === undefined) limit = Math.min(options.defaultLimit, options.maxLimit);
		if (limit < 1) throw invalid('limit', q.limit);
		if (limit > options.maxLimit) {
			if (options.limitOverMax === 'error') throw bad(`limit must not exceed ${options.maxLimit}`);
			limit = options.maxLimit;
		}
		return { limit, offset, served: options.ignoreOffset ? 0 : offset };
	}

	function pageOf(list, q) {
		const { limit, offset, served } = pageParams(q);
		return { limit, offset, page: list.slice(served, served + limit) };
	}

	function envelope(list, q, mapItem) {
		const { limit, offset, page } = pageOf(list, q);
		const items = mapItem ? page.map(mapItem) : page;
		const env = { limit, offset };
		if (options.total === 'exact') env.total = list.length;
		else if (options.total === 'pageSize') env.total = items.length;
		else if (options.total === 'zero') env.total = 0;
		env.results = items.length;
		env.items = items;
		return env;
	}

	function truncTime(micro) {
		const unit = PRECISION_UNITS[options.timePrecision] || 1;
		return Math.floor(micro / unit) * unit;
	}

	/** Build predicates for *_after / *_before style params. specs: [[param, 'after'|'before', getter]] */
	function timePredicates(q, specs) {
		const preds = [];
		for (const [param, dir, get] of specs) {
			if (!present(q, param)) continue;
			const parsed = parseTimestamp(q[param]);
			if (parsed === null) throw invalid(param, q[param]);
			const bound = truncTime(parsed);
			const inclusive = dir === 'after' ? options.afterInclusive : options.beforeInclusive;
			preds.push((item) => {
				const v = parseCached(get(item));
				if (v === null) return false;
				const t = truncTime(v);
				if (dir === 'after') return inclusive ? t >= bound : t > bound;
				return inclusive ? t <= bound : t < bound;
			});
		}
		return preds;
	}

	function enumList(q, name, allowed) {
		if (!present(q, name)) return null;
		const values = splitList(q[name]);
		for (const v of values) if (allowed && !allowed.includes(v)) throw invalid(name, v);
		return values.length ? values : null;
	}

	function applyAll(list, preds) {
		if (!preds.length) return list.slice();
		return list.filter((x) => {
			for (const p of preds) if (!p(x)) return false;
			return true;
		});
	}

	/** Stable sort on a field; timestamp-like fields compare as time. */
	function sortList(list, order, allowed) {
		if (!order) return list;
		const desc = order.startsWith('-');
		const field = desc ? order.slice(1) : order;
		if (!allowed.includes(field)) throw invalid('order', order);
		const isTime = /(_at|_on|_time)$/.test(field);
		const keyed = list.map((x, i) => {
			const raw = x ? x[field] : undefined;
			let k;
			if (isTime) {
				const p = parseCached(raw);
				k = p === null ? -Infinity : p;
			} else k = raw === null || raw === undefined ? '' : raw;
			return { x, i, k };
		});
		keyed.sort((a, b) => {
			let c;
			if (typeof a.k === 'number' && typeof b.k === 'number')
				c = a.k === b.k ? 0 : a.k < b.k ? -1 : 1;
			else c = String(a.k).localeCompare(String(b.k));
			if (desc) c = -c;
			return c || a.i - b.i;
		});
		return keyed.map((e) => e.x);
	}

	function idNum(x) {
		const n = Number(x && x.id);
		return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
	}

	function sortIncidents(list, order) {
		if (!INCIDENT_ORDERS.includes(order)) throw invalid('order', order);
		const desc = order.startsWith('-');
		const field = desc ? order.slice(1) : order;
		const keyed = list.map((x) => {
			let k;
			if (field === 'id') k = idNum(x);
			else {
				const p = parseCached(x[field]);
				k = p === null ? -Infinity : p;
			}
			return { x, k, id: idNum(x) };
		});
		keyed.sort((a, b) => {
			if (a.k !== b.k) return desc ? (a.k < b.k ? 1 : -1) : a.k < b.k ? -1 : 1;
			return a.id - b.id;
		});
		return keyed.map((e) => e.x);
	}

	function pickFields(obj, fields) {
		const out = {};
		for (const f of fields) if (Object.prototype.hasOwnProperty.call(obj, f)) out[f] = obj[f];
		return out;
	}

	// --- API handlers ---------------------------------------------------------------------------

	function incidentPredicates(q) {
		const preds = [];
		const sev = enumList(q, 'severity', SEVERITIES);
		if (sev) preds.push((i) => sev.includes(i.severity));
		const st = enumList(q, 'incident_status', STATUSES);
		if (st) preds.push((i) => st.includes(i.incident_status));
		const pol = enumList(q, 'policy_id');
		if (pol) preds.push((i) => Boolean(i.policy) && pol.includes(i.policy.id));
		const typ = enumList(q, 'incident_type');
		if (typ) preds.push((i) => typ.includes(i.incident_type));
		const ven = enumList(q, 'vendor');
		if (ven)
			preds.push((i) => Boolean(i.entity && i.entity.vendor) && ven.includes(i.entity.vendor.name));
		if (q.customer_key !== undefined) {
			const ck = q.customer_key;
			preds.push((i) => i.customer_key === ck);
		}
		preds.push(
			...timePredicates(q, [
				['created_after', 'after', (i) => i.created_at],
				['created_before', 'before', (i) => i.created_at],
				['updated_after', 'after', (i) => i.updated_at],
				['updated_before', 'before', (i) => i.updated_at],
			]),
		);
		return preds;
	}

	// Sorted views of state.incidents, reused while the array and every item's id / created_at /
	// updated_at are unchanged (checked by identity in O(n) on each use, so direct test mutations
	// of sim.state are picked up).
	const sortCache = new Map();

	function sortedIncidents(order) {
		const list = state.incidents;
		const n = list.length;
		const hit = sortCache.get(order);
		if (hit && hit.refs.length === n) {
			let valid = true;
			for (let i = 0; i < n; i++) {
				const x = list[i];
				if (
					x !== hit.refs[i] ||
					!x ||
					x.id !== hit.ids[i] ||
					x.created_at !== hit.c[i] ||
					x.updated_at !== hit.u[i]
				) {
					valid = false;
					break;
				}
			}
			if (valid) return hit.sorted;
		}
		const sorted = sortIncidents(list.filter(Boolean), order);
		sortCache.set(order, {
			refs: list.slice(),
			ids: list.map((x) => x && x.id),
			c: list.map((x) => x && x.created_at),
			u: list.map((x) => x && x.updated_at),
			sorted,
		});
		return sorted;
	}

	function listIncidents(q) {
		const preds = incidentPredicates(q);
		const order = present(q, 'order') ? q.order : options.defaultOrder;
		if (!INCIDENT_ORDERS.includes(order)) throw invalid('order', order);
		const sorted = sortedIncidents(order);
		const filtered = preds.length ? applyAll(sorted, preds) : sorted;
		const fields = present(q, 'fields') ? splitList(q.fields) : null;
		return envelope(filtered, q, fields ? (i) => pickFields(i, fields) : undefined);
	}

	function aggregates(kind, q) {
		const preds = [];
		const ven = enumList(q, 'vendor');
		if (ven)
			preds.push((i) => Boolean(i.entity && i.entity.vendor) && ven.includes(i.entity.vendor.name));
		preds.push(...timePredicates(q, [['created_after', 'after', (i) => i.created_at]]));
		if (present(q, 'order') && q.order !== '-severity') throw invalid('order', q.order);
		const groups = new Map();
		for (const inc of applyAll(state.incidents, preds)) {
			let id;
			let name;
			if (kind === 'policies') {
				id = inc.policy ? inc.policy.id : '';
				name = inc.policy ? inc.policy.name : '';
			} else if (kind === 'status') {
				id = inc.incident_status;
				name = inc.incident_status;
			} else {
				id = inc.entity ? inc.entity.owner_email || '' : '';
				name = id;
			}
			let g = groups.get(id);
			if (!g) {
				g = { agg: { info: 0, warning: 0, critical: 0, alert: 0, total: 0 }, id, name };
				groups.set(id, g);
			}
			const sev = String(inc.severity || '').toLowerCase();
			if (sev in g.agg && sev !== 'total') g.agg[sev] += 1;
			g.agg.total += 1;
		}
		const out = [...groups.values()];
		if (q.order === '-severity') {
			out.sort(
				(a, b) =>
					b.agg.alert - a.agg.alert ||
					b.agg.critical - a.agg.critical ||
					b.agg.warning - a.agg.warning ||
					b.agg.info - a.agg.info ||
					String(a.id).localeCompare(String(b.id)),
			);
		} else {
			out.sort((a, b) => b.agg.total - a.agg.total || String(a.id).localeCompare(String(b.id)));
		}
		return out;
	}

	const PUT_INCIDENT_KEYS = ['incident_status', 'severity', 'customer_key'];

	function putIncident(id, body, bodyError) {
		const inc = findIncident(id);
		if (!inc) throw new HttpError(404, MSG.noSuchId);
		if (bodyError) throw bad(MSG.malformedJson);
		if (!isPlainObject(body)) throw bad('Request body must be a JSON object');
		const keys = Object.keys(body).filter((k) => PUT_INCIDENT_KEYS.includes(k));
		if (!keys.length)
			throw bad(`Request body must contain at least one of: ${PUT_INCIDENT_KEYS.join(', ')}`);
		if ('incident_status' in body && !STATUSES.includes(body.incident_status))
			throw invalid('incident_status', body.incident_status);
		if ('severity' in body && !SEVERITIES.includes(body.severity))
			throw invalid('severity', body.severity);
		if ('customer_key' in body && typeof body.customer_key !== 'string')
			throw invalid('customer_key', JSON.stringify(body.customer_key));
		for (const k of keys) inc[k] = body[k];
		inc.updated_at = formatMicro(nowMicro());
		return inc;
	}

	function getIncidentEntity(id) {
		const s = String(id);
		const detail = state.incidentEntities.find((d) => d && String(d.id) === s);
		if (detail) return detail;
		const inc = state.incidents.find((i) => i && i.entity && String(i.entity.id) === s);
		if (!inc) throw new HttpError(404, MSG.noSuchId);
		const e = inc.entity;
		return {
			id: e.id,
			name: e.name,
			mime_type: e.mime_type || '',
			user: e.owner_email || '',
			owner_name: e.owner_name || '',
			owner_vendor_id: '',
			acl: [],
			created_at: null,
			updated_at: inc.updated_at,
			entity_status: 'VALID',
			origin_id: e.origin_id,
			origin_type: e.origin_type,
			origin_subtype: e.origin_type === 'activity' ? 'event' : '',
		};
	}

	function listActivities(q) {
		const preds = [];
		const et = enumList(q, 'event_type');
		if (et) preds.push((a) => et.includes(a.event_type));
		const ids = enumList(q, 'ids');
		if (ids) preds.push((a) => ids.includes(data.activityCompositeId(a)));
		preds.push(
			...timePredicates(q, [
				['created_after', 'after', (a) => a.created_at],
				['created_before', 'before', (a) => a.created_at],
			]),
		);
		const filtered = applyAll(state.activities, preds);
		const sorted = sortList(filtered, present(q, 'order') ? q.order : 'created_at', ['created_at']);
		return envelope(sorted, q);
	}

	function appInstalled(app) {
		const installs = state.appInstalls[app.id];
		if (!Array.isArray(installs) || installs.length === 0) return true;
		return installs.some((x) => x && x.state === 'installed');
	}

	function listApps(q) {
		const preds = [];
		const cls = enumList(q, 'classification', APP_CLASSIFICATIONS);
		if (cls) preds.push((a) => Boolean(a.classification) && cls.includes(a.classification.type));
		const ven = enumList(q, 'vendor');
		if (ven) preds.push((a) => Boolean(a.app && a.app.vendor) && ven.includes(a.app.vendor.name));
		const cat = enumList(q, 'app_category');
		if (cat) preds.push((a) => Boolean(a.app) && cat.includes(a.app.category));
		const ids = enumList(q, 'app_ids');
		if (ids) preds.push((a) => ids.includes(a.id));
		const scopes = enumList(q, 'scope_categories');
		if (scopes)
			preds.push((a) => {
				const have = (a.scope_categories || []).map((s) => s.category_id);
				return scopes.every((s) => have.includes(s));
			});
		const installState = present(q, 'install_state') ? q.install_state : 'installed';
		if (installState === 'installed') preds.push((a) => appInstalled(a));
		else if (installState === 'not_installed' || installState === 'uninstalled')
			preds.push((a) => !appInstalled(a));
		else if (installState !== 'all' && installState !== 'any')
			throw invalid('install_state', installState);
		preds.push(
			...timePredicates(q, [
				['detected_at_after', 'after', (a) => a.detected_at],
				['detected_at_before', 'before', (a) => a.detected_at],
			]),
		);
		const filtered = applyAll(state.apps, preds);
		const sorted = present(q, 'order')
			? sortList(filtered, q.order, ['detected_at', 'users_count', 'id'])
			: filtered;
		return envelope(sorted, q);
	}

	function findApp(id) {
		const app = state.apps.find((a) => a && String(a.id) === String(id));
		if (!app) throw new HttpError(404, MSG.noSuchId);
		return app;
	}

	function subResource(list, q) {
		return options.subResourceShape === 'envelope' ? envelope(list, q) : list;
	}

	function classifyApp(id, body, bodyError, q) {
		const app = findApp(id);
		if (bodyError) throw bad(MSG.malformedJson);
		if (!isPlainObject(body)) throw bad('Request body must be a JSON object');
		if (!APP_CLASSIFICATIONS.includes(body.type)) throw invalid('type', body.type);
		let reasonId = body.reason_id;
		if (reasonId !== undefined && reasonId !== null) {
			if (typeof reasonId === 'string' && /^\d+$/.test(reasonId)) reasonId = Number(reasonId);
			if (typeof reasonId !== 'number' || !Number.isInteger(reasonId))
				throw invalid('reason_id', body.reason_id);
		}
		if (
			body.other_reason !== undefined &&
			body.other_reason !== null &&
			typeof body.other_reason !== 'string'
		) {
			throw invalid('other_reason', JSON.stringify(body.other_reason));
		}
		const reason =
			reasonId === undefined || reasonId === null
				? null
				: state.classificationReasons.find((r) => r.id === reasonId);
		const classification = {
			type: body.type,
			method: 'manual',
			reason: reason ? reason.reason : '',
			updated_at: formatMicro(nowMicro()),
		};
		if (reasonId !== undefined && reasonId !== null) classification.reason_id = reasonId;
		if (typeof body.other_reason === 'string') classification.other_reason = body.other_reason;
		app.classification = classification;
		return subResource([app], q);
	}

	function normExposure(v) {
		return String(v)
			.trim()
			.toLowerCase()
			.replace(/[\s-]+/g, '_');
	}

	function listEntities(q) {
		const preds = [];
		const plat = enumList(q, 'platform');
		if (plat) preds.push((e) => plat.includes(`${e.vendor && e.vendor.name}_${e.origin_type}`));
		const owners = enumList(q, 'owners');
		if (owners) {
			const set = owners.map((o) => o.toLowerCase());
			preds.push((e) => (e.owners || []).some((o) => set.includes(String(o.value).toLowerCase())));
		}
		const exp = enumList(q, 'exposure');
		if (exp) {
			const set = exp.map(normExposure);
			preds.push((e) => set.includes(normExposure(e.exposure)));
		}
		const at = enumList(q, 'asset_type');
		if (at) preds.push((e) => at.includes(e.asset_type));
		const mt = enumList(q, 'mime_type');
		if (mt) {
			const set = mt.map((m) => m.toLowerCase());
			preds.push(
				(e) =>
					Boolean(e.mime_type) && set.some((m) => String(e.mime_type).toLowerCase().includes(m)),
			);
		}
		preds.push(
			...timePredicates(q, [
				['updated_after', 'after', (e) => e.updated_at],
				['updated_before', 'before', (e) => e.updated_at],
			]),
		);
		const filtered = applyAll(state.entities, preds);
		const sorted = present(q, 'order')
			? sortList(filtered, q.order, ['updated_at', 'created_at', 'name', 'size'])
			: filtered;
		return envelope(sorted, q);
	}

	function listPolicies(q) {
		let where = {};
		if (present(q, 'where')) {
			try {
				where = JSON.parse(q.where);
			} catch {
				throw invalid('where', q.where);
			}
			if (!isPlainObject(where)) throw invalid('where', q.where);
			where = Object.fromEntries(
				Object.entries(where).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
			);
		}
		const p = { ...where };
		for (const [k, v] of Object.entries(q)) if (v !== '') p[k] = v;
		const preds = [];
		const st = enumList(p, 'state', ['ACTIVE', 'INACTIVE']);
		if (st) preds.push((x) => st.includes(x.state));
		if (present(p, 'name')) {
			const n = p.name.toLowerCase();
			preds.push((x) =>
				String(x.name || '')
					.toLowerCase()
					.includes(n),
			);
		}
		preds.push(
			...timePredicates(p, [
				['created_after', 'after', (x) => x.created_at],
				['created_before', 'before', (x) => x.created_at],
				['updated_after', 'after', (x) => x.updated_at],
				['updated_before', 'before', (x) => x.updated_at],
			]),
		);
		const filtered = applyAll(state.policies, preds);
		const sorted = present(p, 'order')
			? sortList(filtered, p.order, ['name', 'created_at', 'updated_at', 'severity', 'state'])
			: filtered;
		if (options.policiesShape === 'bare') return pageOf(sorted, q).page;
		return envelope(sorted, q);
	}

	function listThreats(q) {
		const preds = [];
		const st = enumList(q, 'status', ['Active', 'Dismissed']);
		if (st) preds.push((t) => st.includes(t.status));
		preds.push(
			...timePredicates(q, [
				['created_after', 'after', (t) => t.detected_at],
				['created_before', 'before', (t) => t.detected_at],
			]),
		);
		if (present(q, 'start_time')) {
			if (!/^\d+$/.test(q.start_time)) throw invalid('start_time', q.start_time);
			const since = nowMicro() - Number(q.start_time) * DAY_MS * 1000;
			preds.push((t) => {
				const v = parseCached(t.start_time);
				return v !== null && v >= since;
			});
		}
		const filtered = applyAll(state.threats, preds);
		const sorted = present(q, 'order')
			? sortList(filtered, q.order, ['detected_at', 'start_time', 'end_time', 'event_count'])
			: filtered;
		return envelope(sorted, q);
	}

	function listIp(lib, q) {
		const preds = [];
		if (present(q, 'q')) {
			const needle = q.q.toLowerCase();
			preds.push((e) => {
				const cats = Array.isArray(e.categories)
					? e.categories.join(',')
					: String(e.categories || '');
				return [e.name, e.location, e.ip_address, cats].some((f) =>
					String(f || '')
						.toLowerCase()
						.includes(needle),
				);
			});
		}
		if (present(q, 'name')) {
			const needle = q.name.toLowerCase();
			preds.push((e) =>
				String(e.name || '')
					.toLowerCase()
					.includes(needle),
			);
		}
		return envelope(applyAll(ipLib(lib), preds), q);
	}

	function normCategories(v) {
		if (v === undefined || v === null) return [];
		if (Array.isArray(v)) {
			if (!v.every((c) => typeof c === 'string')) throw invalid('categories', JSON.stringify(v));
			return v.slice();
		}
		if (typeof v === 'string') return splitList(v);
		throw invalid('categories', JSON.stringify(v));
	}

	function normExpires(v) {
		if (v === undefined || v === null || v === '') return null;
		const p = typeof v === 'string' ? parseTimestamp(v) : null;
		if (p === null) throw invalid('expires_on', v);
		return formatMicro(p);
	}

	function optString(body, key) {
		const v = body[key];
		if (v === undefined || v === null) return '';
		if (typeof v !== 'string') throw invalid(key, JSON.stringify(v));
		return v;
	}

	function postIp(lib, body, bodyError, contentType) {
		const list = ipLib(lib);
		const ct = contentType.toLowerCase();
		if (
			ct.includes('multipart/form-data') ||
			ct.includes('text/csv') ||
			ct.includes('application/x-www-form-urlencoded')
		) {
			throw bad(MSG.csvUnsupported);
		}
		if (bodyError) throw bad(MSG.malformedJson);
		if (typeof body === 'string') throw bad(MSG.csvUnsupported);
		if (lib === 'trusted' && !options.ipTrustedJsonPost)
			throw bad('JSON import is not supported for the trusted library; upload a CSV file');
		if (Array.isArray(body))
			throw bad('Request body must be a single JSON object (one entry per request)');
		if (!isPlainObject(body)) throw bad('Request body must be a JSON object');
		if (body.ip_address === undefined || body.ip_address === null || body.ip_address === '')
			throw bad('ip_address is required');
		if (!isValidIp(body.ip_address)) throw invalid('ip_address', body.ip_address);
		const ts = formatMicro(nowMicro());
		const entry = {
			pk: null,
			type: lib,
			name: optString(body, 'name'),
			description: optString(body, 'description'),
			ip_address: body.ip_address,
			categories: normCategories(body.categories),
			location: typeof body.location === 'string' ? body.location : '',
			created_on: ts,
			updated_on: ts,
			expires_on: lib === 'suspicious' ? normExpires(body.expires_on) : null,
		};
		const mode = options.ipPost;
		if (mode === 'rejectDuplicate' && list.some((e) => e.ip_address === entry.ip_address))
			throw bad(MSG.duplicateIp);
		entry.pk = newPk();
		if (mode !== 'ghost') list.push(entry);
		if (mode === 'empty') return { status: 200, empty: true };
		if (mode === 'noPk') {
			const copy = { ...entry };
			delete copy.pk;
			return { status: 201, json: copy };
		}
		return { status: 200, json: entry };
	}

	const IP_PUT_KEYS = {
		suspicious: ['ip_address', 'categories', 'description', 'expires_on'],
		trusted: ['ip_address', 'categories', 'description', 'name'],
	};

	function putIp(lib, pk, body, bodyError) {
		const list = ipLib(lib);
		const entry = list.find((e) => e && e.pk === pk);
		if (!entry) throw new HttpError(404, MSG.noSuchId);
		if (bodyError) throw bad(MSG.malformedJson);
		if (!isPlainObject(body)) throw bad('Request body must be a JSON object');
		const keys = Object.keys(body).filter((k) => IP_PUT_KEYS[lib].includes(k));
		if (!keys.length)
			throw bad(`Request body must contain at least one of: ${IP_PUT_KEYS[lib].join(', ')}`);
		const next = {};
		for (const k of keys) {
			if (k === 'ip_address') {
				if (!isValidIp(body.ip_address)) throw invalid('ip_address', body.ip_address);
				next.ip_address = body.ip_address;
			} else if (k === 'categories') next.categories = normCategories(body.categories);
			else if (k === 'expires_on') next.expires_on = normExpires(body.expires_on);
			else next[k] = optString(body, k);
		}
		Object.assign(entry, next);
		entry.updated_on = formatMicro(nowMicro());
		return entry;
	}

	function deleteIp(lib, q) {
		const list = ipLib(lib);
		const ids = present(q, 'ids') ? splitList(q.ids) : [];
		if (!ids.length) throw bad('ids is required');
		const deleted = [];
		for (let i = list.length - 1; i >= 0; i--) {
			if (ids.includes(list[i].pk)) {
				deleted.unshift(list[i].pk);
				list.splice(i, 1);
			}
		}
		return { deleted };
	}

	// --- router ---------------------------------------------------------------------------------

	const ok = (json) => ({ status: 200, json });
	const routes = [
		['GET', /^\/incidents$/, (m, r) => ok(listIncidents(r.query))],
		[
			'GET',
			/^\/incidents\/aggregates\/(policies|status|users)$/,
			(m, r) => ok(aggregates(m[1], r.query)),
		],
		[
			'GET',
			/^\/incidents\/([^/]+)$/,
			(m) => {
				const inc = findIncident(m[1]);
				if (!inc) throw new HttpError(404, MSG.noSuchId);
				return ok(inc);
			},
		],
		['PUT', /^\/incidents\/([^/]+)$/, (m, r) => ok(putIncident(m[1], r.body, r.bodyError))],
		['GET', /^\/incident_entities\/([^/]+)$/, (m) => ok(getIncidentEntity(m[1]))],
		['GET', /^\/activities$/, (m, r) => ok(listActivities(r.query))],
		['GET', /^\/apps$/, (m, r) => ok(listApps(r.query))],
		[
			'GET',
			/^\/apps\/([^/]+)\/access_scopes$/,
			(m, r) => {
				findApp(m[1]);
				return ok(subResource(state.appScopes[m[1]] || [], r.query));
			},
		],
		[
			'GET',
			/^\/apps\/([^/]+)\/installs$/,
			(m, r) => {
				findApp(m[1]);
				return ok(subResource(state.appInstalls[m[1]] || [], r.query));
			},
		],
		[
			'POST',
			/^\/apps\/([^/]+)\/classification$/,
			(m, r) => ok(classifyApp(m[1], r.body, r.bodyError, r.query)),
		],
		['GET', /^\/entities$/, (m, r) => ok(listEntities(r.query))],
		['GET', /^\/policies$/, (m, r) => ok(listPolicies(r.query))],
		['GET', /^\/threats$/, (m, r) => ok(listThreats(r.query))],
		['GET', /^\/ip\/(suspicious|trusted)$/, (m, r) => ok(listIp(m[1], r.query))],
		[
			'POST',
			/^\/ip\/(suspicious|trusted)$/,
			(m, r) => postIp(m[1], r.body, r.bodyError, r.contentType),
		],
		['DELETE', /^\/ip\/(suspicious|trusted)$/, (m, r) => ok(deleteIp(m[1], r.query))],
		[
			'PUT',
			/^\/ip\/(suspicious|trusted)\/([^/]+)$/,
			(m, r) => ok(putIp(m[1], m[2], r.body, r.bodyError)),
		],
	];

	/** r = { method, sub, query, body, bodyError, contentType, authorization } -> { status, json | empty, headers } */
	function routeApi(r) {
		const auth = /^Bearer\s+(.+)$/i.exec(String(r.authorization || '').trim());
		if (!auth || auth[1].trim() !== token) {
			throw new HttpError(401, MSG.unauthorized, {
				'WWW-Authenticate': 'Bearer realm="cloudlock"',
			});
		}
		if (r.sub === null) throw new HttpError(404, MSG.notFound);
		const path = normalizeSubPath(r.sub);
		const allowed = [];
		for (const [method, re, fn] of routes) {
			const m = re.exec(path);
			if (!m) continue;
			if (method !== r.method) {
				allowed.push(method);
				continue;
			}
			let params;
			try {
				params = m.map((x, i) => (i === 0 ? x : decodeURIComponent(x)));
			} catch {
				throw new HttpError(404, MSG.notFound);
			}
			return fn(params, r);
		}
		if (allowed.length)
			throw new HttpError(405, MSG.methodNotAllowed, { Allow: [...new Set(allowed)].join(', ') });
		throw new HttpError(404, MSG.notFound);
	}

	return {
		token,
		clock,
		state,
		requests,
		get options() {
			return { ...options };
		},
		get latency() {
			return latency;
		},
		get faults() {
			return faults.map((f) => clone(f));
		},
		get seedInfo() {
			return { seed: current.seed, anchor: current.now, seedCounts: { ...current.seedCounts } };
		},
		reset,
		setOptions,
		setLatency,
		injectFaults,
		clearFaults() {
			faults = [];
		},
		takeFault,
		rateLimited,
		routeApi,
		addIncident,
		addIncidents,
		updateIncident,
		addActivity,
		addIpEntry,
		clearRequests() {
			requests.length = 0;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// HTTP layer

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseBody(buf, contentType) {
	if (!buf.length) return { value: undefined, raw: undefined, error: false };
	const raw = buf.toString('utf8');
	const ct = (contentType || '').toLowerCase();
	const looksJson = ct.includes('json') || (!ct && /^\s*[[{"]/.test(raw));
	if (!looksJson) return { value: raw, raw, error: false };
	try {
		return { value: JSON.parse(raw), raw, error: false };
	} catch {
		return { value: raw, raw, error: ct.includes('json') };
	}
}

function send(res, status, body, headers = {}) {
	if (res.destroyed || res.headersSent) return;
	const buf =
		body === undefined
			? Buffer.alloc(0)
			: Buffer.isBuffer(body)
				? body
				: Buffer.from(String(body), 'utf8');
	res.writeHead(status, { ...headers, 'Content-Length': buf.length });
	res.end(buf);
}

function sendJson(res, status, value, headers = {}) {
	send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json', ...headers });
}

function retryAfterHeader(value) {
	if (value === undefined) return undefined;
	if (value.startsWith('http-date:')) {
		const secs = Number(value.slice('http-date:'.length));
		return new Date(Date.now() + secs * 1000).toUTCString();
	}
	return value;
}

async function startSimulator(config = {}) {
	const core = createCore(config);
	const host = config.host || '127.0.0.1';
	const timers = new Set();
	let closed = false;

	function sleep(ms) {
		if (!(ms > 0) || closed) return Promise.resolve();
		return new Promise((resolve) => {
			const entry = { resolve };
			entry.timer = setTimeout(() => {
				timers.delete(entry);
				resolve();
			}, ms);
			timers.add(entry);
		});
	}

	async function handleApi(req, res, url, rawBody) {
		const method = String(req.method || 'GET').toUpperCase();
		const pathname = url.pathname;
		const query = {};
		for (const [k, v] of url.searchParams) query[k] = v;
		const contentType = String(req.headers['content-type'] || '');
		const parsed = parseBody(rawBody, contentType);
		const headers = {};
		for (const [k, v] of Object.entries(req.headers))
			headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
		const entry = {
			method,
			path: pathname,
			query,
			rawQuery: url.search.startsWith('?') ? url.search.slice(1) : url.search,
			body: parsed.value,
			headers,
			status: 0,
			at: Date.now(),
		};
		core.requests.push(entry);
		const sub =
			pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`)
				? pathname.slice(API_PREFIX.length) || '/'
				: null;
		const reply = (status, fn) => {
			entry.status = status;
			fn();
		};

		const fault = core.takeFault(method, sub);
		const delay = core.latency + (fault && fault.kind === 'slow' ? fault.ms : 0);
		if (delay > 0) await sleep(delay);
		if (closed) return;

		const r = {
			method,
			sub,
			query,
			body: parsed.value,
			bodyError: parsed.error,
			contentType,
			authorization: req.headers.authorization,
		};

		if (fault && fault.kind !== 'slow') {
			switch (fault.kind) {
				case 'reset':
					entry.status = 0;
					req.socket.destroy();
					return;
				case 'status': {
					const h = {};
					const ra = retryAfterHeader(fault.retryAfter);
					if (ra !== undefined) h['Retry-After'] = ra;
					if (fault.body === undefined) {
						return reply(fault.status, () =>
							sendJson(
								res,
								fault.status,
								{
									message: STATUS_TEXT[fault.status] || http.STATUS_CODES[fault.status] || 'Error',
								},
								h,
							),
						);
					}
					if (typeof fault.body === 'string') {
						let isJson = true;
						try {
							JSON.parse(fault.body);
						} catch {
							isJson = false;
						}
						const type = isJson
							? 'application/json'
							: /^\s*</.test(fault.body)
								? 'text/html; charset=utf-8'
								: 'text/plain; charset=utf-8';
						return reply(fault.status, () =>
							send(res, fault.status, fault.body, { 'Content-Type': type, ...h }),
						);
					}
					return reply(fault.status, () => sendJson(res, fault.status, fault.body, h));
				}
				case 'malformed': {
					let text =
						'{"limit": 20, "offset": 0, "total": 3, "results": 3, "items": [{"id": "3208316';
					try {
						const result = core.routeApi(r);
						if (result.json !== undefined) {
							const full = JSON.stringify(result.json);
							text = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
						}
					} catch {
						// keep the canned truncated body
					}
					return reply(200, () => send(res, 200, text, { 'Content-Type': 'application/json' }));
				}
				case 'html':
					return reply(200, () =>
						send(res, 200, LOGIN_PAGE, { 'Content-Type': 'text/html; charset=utf-8' }),
					);
				case 'notCloudlock':
					return reply(200, () => sendJson(res, 200, { status: 'ok' }));
				default:
					break;
			}
		}

		if (core.rateLimited()) {
			const h = core.options.rateLimitRetryAfter ? { 'Retry-After': '1' } : {};
			return reply(429, () => sendJson(res, 429, { message: MSG.tooMany }, h));
		}

		try {
			const result = core.routeApi(r);
			if (result.empty)
				return reply(result.status, () =>
					send(res, result.status, undefined, { 'Content-Type': 'application/json' }),
				);
			return reply(result.status, () =>
				sendJson(res, result.status, result.json, result.headers || {}),
			);
		} catch (err) {
			if (err instanceof HttpError)
				return reply(err.status, () =>
					sendJson(res, err.status, { message: err.message }, err.headers),
				);
			const message = `Simulator error: ${err && err.message ? err.message : String(err)}`;
			return reply(500, () => sendJson(res, 500, { message }));
		}
	}

	// --- control API ---------------------------------------------------------------------------

	const CONTROL_HELP = [
		'POST /_sim/incidents            {…partial} | {count, …partial}',
		'POST /_sim/incidents/:id        {…patch}',
		'POST /_sim/activities           {…partial} | {count, …partial}',
		'POST /_sim/ip/:lib              {…partial}',
		'GET|POST|DELETE /_sim/faults    fault | [faults]',
		'GET|POST /_sim/options          {…switches}',
		'GET|POST /_sim/latency          {ms}',
		'GET|DELETE /_sim/requests',
		'POST /_sim/reset                {seed?, now?, seedCounts?}',
		'GET /_sim/state                 ?include=incidents,activities,apps,entities,policies,threats,ip,incidentEntities',
		'GET|POST /_sim/clock            {now | advanceMs | real:true}',
	];

	function stateSummary(includeParam) {
		const s = core.state;
		const out = {
			counts: {
				incidents: s.incidents.length,
				activities: s.activities.length,
				apps: s.apps.length,
				entities: s.entities.length,
				policies: s.policies.length,
				threats: s.threats.length,
				suspicious: s.ip.suspicious.length,
				trusted: s.ip.trusted.length,
				incidentEntities: s.incidentEntities.length,
			},
			now: core.clock.now(),
			frozen: core.clock.frozen,
			...core.seedInfo,
			options: core.options,
			latency: core.latency,
			pendingFaults: core.faults.length,
			requests: core.requests.length,
		};
		for (const key of includeParam ? splitList(includeParam) : []) {
			if (key in s) out[key] = s[key];
			else throw bad(`Unknown state key: ${key}`);
		}
		return out;
	}

	function clockInfo() {
		return {
			now: core.clock.now(),
			iso: new Date(core.clock.now()).toISOString(),
			frozen: core.clock.frozen,
		};
	}

	function handleControl(req, res, url, rawBody) {
		const method = String(req.method || 'GET').toUpperCase();
		const parts = url.pathname
			.slice(CONTROL_PREFIX.length)
			.split('/')
			.filter(Boolean)
			.map(decodeURIComponent);
		// always JSON here, whatever the content-type (curl -d sends form-urlencoded)
		const parsed = parseBody(rawBody, 'application/json');
		if (parsed.error) throw bad(MSG.malformedJson);
		const body = parsed.value === undefined ? {} : parsed.value;
		const q = {};
		for (const [k, v] of url.searchParams) q[k] = v;
		const key = `${method} /${parts[0] || ''}${parts.length > 1 ? '/:x' : ''}`;
		const obj = () => {
			if (!isPlainObject(body)) throw bad('Request body must be a JSON object');
			return body;
		};
		switch (key) {
			case 'GET /':
				return sendJson(res, 200, { endpoints: CONTROL_HELP, baseUrl: sim.baseUrl });
			case 'POST /incidents': {
				const b = obj();
				if (b.count !== undefined) {
					const { count, ...partial } = b;
					return sendJson(res, 200, core.addIncidents(count, partial));
				}
				return sendJson(res, 200, core.addIncident(b));
			}
			case 'POST /incidents/:x':
				return sendJson(res, 200, core.updateIncident(parts[1], obj()));
			case 'POST /activities': {
				const b = obj();
				if (b.count !== undefined) {
					const { count, ...partial } = b;
					const n = Number(count);
					if (!Number.isInteger(n) || n < 0) throw bad('count must be an integer >= 0');
					const out = [];
					for (let i = 0; i < n; i++) out.push(core.addActivity(partial));
					return sendJson(res, 200, out);
				}
				return sendJson(res, 200, core.addActivity(b));
			}
			case 'POST /ip/:x':
				return sendJson(res, 200, core.addIpEntry(parts[1], obj()));
			case 'GET /faults':
				return sendJson(res, 200, core.faults);
			case 'POST /faults':
				return sendJson(res, 200, { queued: core.injectFaults(body), pending: core.faults.length });
			case 'DELETE /faults':
				core.clearFaults();
				return sendJson(res, 200, { pending: 0 });
			case 'GET /options':
				return sendJson(res, 200, core.options);
			case 'POST /options':
				return sendJson(res, 200, core.setOptions(obj()));
			case 'GET /latency':
				return sendJson(res, 200, { ms: core.latency });
			case 'POST /latency':
				core.setLatency(obj().ms);
				return sendJson(res, 200, { ms: core.latency });
			case 'GET /requests':
				return sendJson(res, 200, core.requests);
			case 'DELETE /requests':
				core.clearRequests();
				return sendJson(res, 200, { cleared: true });
			case 'POST /reset':
				core.reset(obj());
				return sendJson(res, 200, stateSummary());
			case 'GET /state':
				return sendJson(res, 200, stateSummary(q.include));
			case 'GET /clock':
				return sendJson(res, 200, clockInfo());
			case 'POST /clock': {
				const b = obj();
				if (b.real === true) core.clock.real();
				if (b.now !== undefined) {
					const ms = typeof b.now === 'number' ? b.now : Date.parse(String(b.now));
					if (!Number.isFinite(ms)) throw bad(`Invalid value for now: ${b.now}`);
					core.clock.set(ms);
				}
				if (b.advanceMs !== undefined) core.clock.advance(b.advanceMs);
				return sendJson(res, 200, clockInfo());
			}
			default:
				return sendJson(res, 404, { message: MSG.notFound });
		}
	}

	async function onRequest(req, res) {
		try {
			const url = new URL(req.url || '/', 'http://simulator.invalid');
			const rawBody = await readBody(req);
			if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
				try {
					handleControl(req, res, url, rawBody);
				} catch (err) {
					const status = err instanceof HttpError ? err.status : 400;
					sendJson(res, status, { message: err && err.message ? err.message : String(err) });
				}
				return;
			}
			await handleApi(req, res, url, rawBody);
		} catch (err) {
			sendJson(res, 500, {
				message: `Simulator error: ${err && err.message ? err.message : String(err)}`,
			});
		}
	}

	const server = http.createServer(onRequest);
	// Longer than typical client idle timeouts (undici 4 s, Node agent 5 s, axios) so the client,
	// not the server, closes idle keep-alive sockets; avoids ECONNRESET races on socket reuse.
	server.keepAliveTimeout = 65000;
	server.headersTimeout = 66000;
	server.maxHeadersCount = 0;
	server.on('clientError', (err, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port === undefined ? 0 : Number(config.port), host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = server.address().port;
	const hostForUrl = host.includes(':') ? `[${host}]` : host;
	const origin = `http://${hostForUrl}:${port}`;

	let closing = null;
	const sim = {
		baseUrl: `${origin}${API_PREFIX}`,
		origin,
		port,
		host,
		token: core.token,
		server,
		get requests() {
			return core.requests;
		},
		clearRequests: core.clearRequests,
		get state() {
			return core.state;
		},
		get options() {
			return core.options;
		},
		get latency() {
			return core.latency;
		},
		get faults() {
			return core.faults;
		},
		clock: core.clock,
		addIncident: (partial) => core.addIncident(partial),
		addIncidents: (n, partial) => core.addIncidents(n, partial),
		updateIncident: (id, patch) => core.updateIncident(id, patch),
		addActivity: (partial) => core.addActivity(partial),
		addIpEntry: (lib, partial) => core.addIpEntry(lib, partial),
		setLatency: (ms) => core.setLatency(ms),
		setOptions: (partial) => core.setOptions(partial),
		injectFault: (fault) => {
			core.injectFaults([fault]);
		},
		injectFaults: (faults) => {
			core.injectFaults(faults);
		},
		clearFaults: () => core.clearFaults(),
		reset: (overrides) => core.reset(overrides),
		close() {
			if (!closing) {
				closed = true;
				for (const t of timers) {
					clearTimeout(t.timer);
					t.resolve();
				}
				timers.clear();
				closing = new Promise((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				});
			}
			return closing;
		},
	};
	return sim;
}

module.exports = {
	startSimulator,
	DEFAULT_OPTIONS,
	DEFAULT_SEED_COUNTS: data.DEFAULT_SEED_COUNTS,
	DEFAULT_TOKEN,
	MESSAGES: MSG,
	parseTimestamp,
	formatMicro,
	formatMilliZ,
	isValidIp,
};
