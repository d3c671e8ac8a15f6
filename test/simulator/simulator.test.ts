import {
	startSimulator,
	parseTimestamp,
	formatMicro,
	DEFAULT_OPTIONS,
	type Simulator,
	type Incident,
	type IncidentAggregate,
	type IpEntry,
	type Activity,
	type App,
	type Policy,
	type Entity,
	type Threat,
	type IncidentEntityDetail,
	type RecordedRequest,
	type SimOptions,
} from './server';

interface Envelope<T> {
	limit: number;
	offset: number;
	total?: number;
	results: number;
	items: T[];
}

interface ApiResult {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0); // 2026-11-30T12:00:00Z
let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ seed: 7, now: NOW, freezeClock: true });
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
});

function qs(params: Record<string, string | number>): string {
	const pairs = Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]);
	const s = new URLSearchParams(pairs).toString();
	return s ? `?${s}` : '';
}

async function call(
	path: string,
	init: RequestInit = {},
	token: string | null = sim.token,
): Promise<ApiResult> {
	const headers: Record<string, string> = { Accept: 'application/json' };
	if (token !== null) headers.Authorization = `Bearer ${token}`;
	if (init.body !== undefined) headers['Content-Type'] = 'application/json';
	const res = await fetch(`${sim.baseUrl}${path}`, {
		...init,
		headers: { ...headers, ...((init.headers as Record<string, string> | undefined) ?? {}) },
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

async function list<T>(
	path: string,
	params: Record<string, string | number> = {},
): Promise<Envelope<T>> {
	const r = await call(`${path}${qs(params)}`);
	expect(r.status).toBe(200);
	return r.json as Envelope<T>;
}

/** every item of a list endpoint, paging 100 at a time */
async function all<T>(path: string, params: Record<string, string | number> = {}): Promise<T[]> {
	const out: T[] = [];
	for (let offset = 0; ; offset += 100) {
		const page = await list<T>(path, { ...params, limit: 100, offset });
		out.push(...page.items);
		if (page.items.length < 100) return out;
	}
}

async function control(method: string, path: string, body?: unknown): Promise<ApiResult> {
	const res = await fetch(`${sim.origin}/_sim${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

const micro = (s: string): number => {
	const v = parseTimestamp(s);
	if (v === null) throw new Error(`bad timestamp ${s}`);
	return v;
};
const ids = (items: Array<{ id: string }>): string[] => items.map((i) => i.id);

describe('auth and errors', () => {
	it('rejects a missing or wrong bearer token with 401 {"message"}', async () => {
		const missing = await call('/incidents', {}, null);
		expect(missing.status).toBe(401);
		expect(missing.json).toEqual({ message: 'Invalid token' });
		const wrong = await call('/incidents', {}, 'nope');
		expect(wrong.status).toBe(401);
		expect(wrong.json).toEqual({ message: 'Invalid token' });
		expect(sim.requests.map((r) => r.status)).toEqual([401, 401]);
	});

	it('answers 404 for unknown paths and ids', async () => {
		expect((await call('/nothing-here')).json).toEqual({ message: 'Not found' });
		const r = await call('/incidents/999');
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ message: 'A resource with that ID does not exist' });
		expect((await call('/incident_entities/nope')).status).toBe(404);
	});

	it('answers 405 for a known path with the wrong method', async () => {
		const r = await call('/incidents', { method: 'DELETE' });
		expect(r.status).toBe(405);
		expect(r.json).toEqual({ message: 'Method not allowed' });
	});
});

describe('list envelope and paging', () => {
	it('returns {limit, offset, total, results, items} with default limit 20', async () => {
		const r = await call('/incidents');
		const env = r.json as Envelope<Incident>;
		expect(Object.keys(env)).toEqual(['limit', 'offset', 'total', 'results', 'items']);
		expect(env.limit).toBe(20);
		expect(env.offset).toBe(0);
		expect(env.total).toBe(400);
		expect(env.results).toBe(20);
		expect(env.items).toHaveLength(20);
		for (const path of [
			'/activities',
			'/apps',
			'/entities',
			'/ip/suspicious',
			'/ip/trusted',
			'/policies',
			'/threats',
		]) {
			const e = await list<unknown>(path);
			expect(Object.keys(e)).toEqual(['limit', 'offset', 'total', 'results', 'items']);
		}
	});

	it('clamps limit to 100 by default and errors when limitOverMax=error', async () => {
		const env = await list<Incident>('/incidents', { limit: 500 });
		expect(env.limit).toBe(100);
		expect(env.items).toHaveLength(100);
		sim.setOptions({ limitOverMax: 'error' });
		const r = await call('/incidents?limit=101');
		expect(r.status).toBe(400);
		expect(r.json).toEqual({ message: 'limit must not exceed 100' });
		sim.setOptions({ maxLimit: 50, limitOverMax: 'clamp' });
		expect((await list<Incident>('/incidents', { limit: 80 })).limit).toBe(50);
	});

	it('rejects non-integer limit and offset', async () => {
		expect((await call('/incidents?limit=abc')).json).toEqual({
			message: 'Invalid value for limit: abc',
		});
		expect((await call('/incidents?offset=-1')).status).toBe(400);
		expect((await call('/incidents?limit=1.5')).status).toBe(400);
		expect((await call('/incidents?limit=0')).status).toBe(400);
	});

	it('pages with a 0-based offset', async () => {
		const everything = await all<Incident>('/incidents');
		expect(everything).toHaveLength(400);
		expect(new Set(ids(everything)).size).toBe(400);
		const page = await list<Incident>('/incidents', { offset: 390, limit: 20 });
		expect(page.offset).toBe(390);
		expect(page.results).toBe(10);
		expect(ids(page.items)).toEqual(ids(everything.slice(390)));
	});

	it('ignoreOffset serves offset 0 whatever is asked (echoing the asked offset)', async () => {
		const first = await list<Incident>('/incidents', { limit: 5 });
		sim.setOptions({ ignoreOffset: true });
		const later = await list<Incident>('/incidents', { limit: 5, offset: 40 });
		expect(later.offset).toBe(40);
		expect(ids(later.items)).toEqual(ids(first.items));
	});

	it('total switch: missing / pageSize / zero (count_total does not change it)', async () => {
		sim.setOptions({ total: 'missing' });
		expect('total' in (await list<Incident>('/incidents', { count_total: 'true' }))).toBe(false);
		sim.setOptions({ total: 'pageSize' });
		expect((await list<Incident>('/incidents', { limit: 7 })).total).toBe(7);
		sim.setOptions({ total: 'zero' });
		expect((await list<Incident>('/incidents')).total).toBe(0);
		sim.setOptions({ total: 'exact' });
		expect((await list<Incident>('/incidents', { count_total: 'false' })).total).toBe(400);
	});
});

describe('incident filters', () => {
	it('filters by severity (single and comma list) and rejects unknown values', async () => {
		const crit = await all<Incident>('/incidents', { severity: 'CRITICAL' });
		expect(crit.length).toBe(sim.state.incidents.filter((i) => i.severity === 'CRITICAL').length);
		expect(crit.every((i) => i.severity === 'CRITICAL')).toBe(true);
		const two = await list<Incident>('/incidents', { severity: 'INFO,ALERT' });
		expect(two.total).toBe(
			sim.state.incidents.filter((i) => i.severity === 'INFO' || i.severity === 'ALERT').length,
		);
		const bad = await call('/incidents?severity=critical');
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ message: 'Invalid value for severity: critical' });
	});

	it('filters by incident_status including "IN PROGRESS" (+ or %20 encoded)', async () => {
		const expected = sim.state.incidents.filter((i) => i.incident_status === 'IN PROGRESS').length;
		expect(expected).toBeGreaterThan(0);
		const plus = await call('/incidents?incident_status=IN+PROGRESS&limit=1');
		expect((plus.json as Envelope<Incident>).total).toBe(expected);
		const pct = await call('/incidents?incident_status=IN%20PROGRESS&limit=1');
		expect((pct.json as Envelope<Incident>).total).toBe(expected);
		const both = await list<Incident>('/incidents', { incident_status: 'NEW,IN PROGRESS' });
		expect(both.total).toBe(
			expected + sim.state.incidents.filter((i) => i.incident_status === 'NEW').length,
		);
		expect((await call('/incidents?incident_status=IN_PROGRESS')).status).toBe(400);
	});

	it('filters by policy_id, incident_type, vendor and customer_key', async () => {
		const pol = sim.state.incidents[0].policy.id;
		expect((await list<Incident>('/incidents', { policy_id: pol })).total).toBe(
			sim.state.incidents.filter((i) => i.policy.id === pol).length,
		);
		expect((await list<Incident>('/incidents', { incident_type: 'UEBA' })).total).toBe(
			sim.state.incidents.filter((i) => i.incident_type === 'UEBA').length,
		);
		for (const vendor of ['google', 'office365', 'salesforce', 'box']) {
			const n = sim.state.incidents.filter((i) => i.entity.vendor.name === vendor).length;
			expect(n).toBeGreaterThan(0);
			expect((await list<Incident>('/incidents', { vendor })).total).toBe(n);
		}
		sim.updateIncident(sim.state.incidents[5].id, { customer_key: 'ticket 42, urgent' });
		const ck = await list<Incident>('/incidents', { customer_key: 'ticket 42, urgent' });
		expect(ids(ck.items)).toEqual([sim.state.incidents[5].id]);
	});

	it('returns only the requested top-level fields', async () => {
		const env = await list<Record<string, unknown>>('/incidents', {
			fields: 'id,severity',
			limit: 3,
		});
		expect(env.items.map((i) => Object.keys(i))).toEqual([
			['id', 'severity'],
			['id', 'severity'],
			['id', 'severity'],
		]);
	});

	describe('time filters', () => {
		// all seeded incidents are before NOW (2026-11-30T12:00Z); these are after it
		const T = {
			A: '2026-12-10T08:30:00.000000+00:00',
			B: '2026-12-10T08:30:00.500000+00:00',
			C: '2026-12-10T08:30:45.250000+00:00',
			D: '2026-12-10T08:31:00.000000+00:00',
			E: '2026-12-11T00:00:00.000000+00:00',
		};
		let byId: Record<string, string>;

		beforeEach(() => {
			byId = {};
			for (const [name, ts] of Object.entries(T))
				byId[sim.addIncident({ created_at: ts, updated_at: ts }).id] = name;
		});

		async function after(value: string, param = 'created_after'): Promise<string> {
			const env = await list<Incident>('/incidents', { [param]: value, limit: 100 });
			return env.items.map((i) => byId[i.id] ?? '?').join('');
		}

		it('accepts every documented timestamp format (zone-less = UTC)', async () => {
			expect(await after('2026-12-10')).toBe('ABCDE');
			expect(await after('2026-12-10T08:31')).toBe('DE');
			expect(await after('2026-12-10T08:30:45')).toBe('CDE');
			expect(await after('2026-12-10 08:30:00.500000')).toBe('BCDE');
			expect(await after('2026-12-10T08:30:00.500000Z')).toBe('BCDE');
			expect(await after('2026-12-10T08:30:00.500000+00:00')).toBe('BCDE');
			expect(await after('2026-12-10T09:30:00.500+01:00')).toBe('BCDE');
			expect(await after('2026-12-11')).toBe('E');
			expect(await after('2026-12-10T08:30:00.5', 'updated_after')).toBe('BCDE');
		});

		it('rejects unparseable values and an unencoded "+" (decoded as a space)', async () => {
			expect((await call('/incidents?created_after=yesterday')).json).toEqual({
				message: 'Invalid value for created_after: yesterday',
			});
			expect((await call('/incidents?created_after=2026-12-10T08:30:00+00:00')).status).toBe(400);
			expect((await call('/incidents?updated_before=2026-13-01')).status).toBe(400);
		});

		it('_after is inclusive by default, exclusive when afterInclusive=false', async () => {
			expect(await after('2026-12-10T08:31')).toBe('DE');
			sim.setOptions({ afterInclusive: false });
			expect(await after('2026-12-10T08:31')).toBe('E');
		});

		it('_before is exclusive by default, inclusive when beforeInclusive=true', async () => {
			const before = async (): Promise<string> =>
				(
					await list<Incident>('/incidents', {
						created_after: '2026-12-10',
						created_before: '2026-12-10T08:31',
					})
				).items
					.map((i) => byId[i.id])
					.join('');
			expect(await before()).toBe('ABC');
			sim.setOptions({ beforeInclusive: true });
			expect(await before()).toBe('ABCD');
		});

		it('compares at the configured precision', async () => {
			expect(await after('2026-12-10T08:30:00.500400Z')).toBe('CDE');
			sim.setOptions({ timePrecision: 'milli' });
			expect(await after('2026-12-10T08:30:00.500400Z')).toBe('BCDE');
			sim.setOptions({ timePrecision: 'second' });
			expect(await after('2026-12-10T08:30:00.700000Z')).toBe('ABCDE');
			sim.setOptions({ timePrecision: 'minute' });
			expect(await after('2026-12-10T08:30:59')).toBe('ABCDE');
			sim.setOptions({ timePrecision: 'micro' });
			expect(await after('2026-12-10T08:30:59')).toBe('DE');
		});
	});
});

describe('incident ordering', () => {
	function assertOrdered(
		items: Incident[],
		field: 'created_at' | 'updated_at',
		desc: boolean,
	): void {
		for (let i = 1; i < items.length; i++) {
			const a = micro(items[i - 1][field]);
			const b = micro(items[i][field]);
			if (a === b) expect(Number(items[i - 1].id)).toBeLessThan(Number(items[i].id));
			else expect(desc ? a > b : a < b).toBe(true);
		}
	}

	it('sorts by created_at / updated_at both ways with ties broken by numeric id ascending', async () => {
		const tie = '2026-11-15T10:00:00.000000+00:00';
		sim.addIncidents(3, { created_at: tie });
		for (const order of ['created_at', '-created_at', 'updated_at', '-updated_at'] as const) {
			const items = await all<Incident>('/incidents', { order });
			expect(items).toHaveLength(403);
			assertOrdered(
				items,
				order.replace('-', '') as 'created_at' | 'updated_at',
				order.startsWith('-'),
			);
		}
		const desc = await all<Incident>('/incidents', { order: '-created_at' });
		const tied = desc.filter((i) => i.created_at === tie).map((i) => Number(i.id));
		expect(tied).toEqual([...tied].sort((a, b) => a - b));
		expect(tied.length).toBeGreaterThanOrEqual(3);
	});

	it('uses defaultOrder when order is absent and rejects unknown orders', async () => {
		const asc = await list<Incident>('/incidents', { limit: 100 });
		assertOrdered(asc.items, 'created_at', false);
		sim.setOptions({ defaultOrder: '-created_at' });
		assertOrdered((await list<Incident>('/incidents', { limit: 100 })).items, 'created_at', true);
		expect((await call('/incidents?order=severity')).json).toEqual({
			message: 'Invalid value for order: severity',
		});
	});
});

describe('single incident and PUT', () => {
	it('GET /incidents/{id} returns the bare object in the documented formats', async () => {
		const inc = sim.state.incidents[10];
		const r = await call(`/incidents/${inc.id}`);
		expect(r.json).toEqual(inc);
		expect(inc.id).toMatch(/^\d+$/);
		expect(inc.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
	});

	it('updates status/severity/customer_key and bumps updated_at to the sim clock', async () => {
		const inc = sim.state.incidents[3];
		sim.clock.advance(5000);
		const r = await call(`/incidents/${inc.id}`, {
			method: 'PUT',
			body: JSON.stringify({
				incident_status: 'IN PROGRESS',
				severity: 'ALERT',
				customer_key: 'SN-1',
				bogus: 1,
			}),
		});
		expect(r.status).toBe(200);
		const updated = r.json as Incident;
		expect(updated.incident_status).toBe('IN PROGRESS');
		expect(updated.severity).toBe('ALERT');
		expect(updated.customer_key).toBe('SN-1');
		expect(updated.updated_at).toBe(formatMicro((NOW + 5000) * 1000));
		expect(updated.created_at).toBe(inc.created_at);
		expect(((await call(`/incidents/${inc.id}`)).json as Incident).updated_at).toBe(
			updated.updated_at,
		);
		expect(sim.requests[0].body).toEqual({
			incident_status: 'IN PROGRESS',
			severity: 'ALERT',
			customer_key: 'SN-1',
			bogus: 1,
		});
	});

	it('validates the PUT body', async () => {
		const id = sim.state.incidents[0].id;
		const before = JSON.stringify(sim.state.incidents[0]);
		const put = (body: string) => call(`/incidents/${id}`, { method: 'PUT', body });
		expect((await put('{"incident_status":"CLOSED"}')).json).toEqual({
			message: 'Invalid value for incident_status: CLOSED',
		});
		expect((await put('{"incident_status":"In Progress"}')).status).toBe(400);
		expect((await put('{"severity":"HIGH"}')).json).toEqual({
			message: 'Invalid value for severity: HIGH',
		});
		expect((await put('{}')).status).toBe(400);
		expect((await put('{"foo":"bar"}')).status).toBe(400);
		expect((await put('{"incident_status":')).status).toBe(400);
		expect((await put('[]')).status).toBe(400);
		expect(JSON.stringify(sim.state.incidents[0])).toBe(before);
		expect(
			(await call('/incidents/1', { method: 'PUT', body: '{"incident_status":"NEW"}' })).status,
		).toBe(404);
	});
});

describe('aggregates', () => {
	it('status/policies/users totals equal the incident count, per-severity sums match', async () => {
		for (const kind of ['status', 'policies', 'users']) {
			const r = await call(`/incidents/aggregates/${kind}`);
			const rows = r.json as IncidentAggregate[];
			expect(Array.isArray(rows)).toBe(true);
			expect(rows.reduce((s, x) => s + x.agg.total, 0)).toBe(400);
			for (const row of rows) {
				expect(row.agg.info + row.agg.warning + row.agg.critical + row.agg.alert).toBe(
					row.agg.total,
				);
			}
		}
		const status = (await call('/incidents/aggregates/status')).json as IncidentAggregate[];
		const inProgress = status.find((s) => s.id === 'IN PROGRESS');
		expect(inProgress?.name).toBe('IN PROGRESS');
		expect(inProgress?.agg.total).toBe(
			sim.state.incidents.filter((i) => i.incident_status === 'IN PROGRESS').length,
		);
	});

	it('honours created_after and vendor, and order=-severity', async () => {
		const params = { created_after: '2026-11-20', vendor: 'google' };
		const rows = (await call(`/incidents/aggregates/policies${qs(params)}`))
			.json as IncidentAggregate[];
		const count = (await list<Incident>('/incidents', { ...params, limit: 1 })).total;
		expect(rows.reduce((s, x) => s + x.agg.total, 0)).toBe(count);
		const sorted = (await call('/incidents/aggregates/users?order=-severity'))
			.json as IncidentAggregate[];
		for (let i = 1; i < sorted.length; i++)
			expect(sorted[i - 1].agg.alert).toBeGreaterThanOrEqual(sorted[i].agg.alert);
		expect((await call('/incidents/aggregates/status?order=severity')).status).toBe(400);
	});
});

describe('incident entities, activities and UEBA links', () => {
	it('GET /incident_entities/{entity id} returns the bare detail with ACL timestamps without zone', async () => {
		const inc = sim.state.incidents.find((i) => i.incident_type === 'COMPLIANCE');
		expect(inc).toBeDefined();
		const r = await call(`/incident_entities/${inc?.entity.id ?? ''}`);
		const detail = r.json as IncidentEntityDetail;
		expect(detail.id).toBe(inc?.entity.id);
		expect(detail.acl.length).toBeGreaterThan(0);
		expect(detail.acl[0].created_on).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
	});

	it('UEBA incidents point at a seeded activity through a composite id usable with ?ids=', async () => {
		const ueba = sim.state.incidents.filter((i) => i.incident_type === 'UEBA');
		expect(ueba.length).toBeGreaterThan(0);
		const inc = ueba[0];
		expect(inc.entity.origin_type).toBe('activity');
		expect(inc.entity.origin_id).toMatch(/^[a-z0-9]+:[A-Za-z]+:.+#\d+$/);
		const env = await list<Activity>('/activities', { ids: `${inc.entity.origin_id},nope:x:1#0` });
		expect(env.items).toHaveLength(1);
		expect(env.items[0].client_ip).toBe(inc.entity.ip);
		expect(env.items[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		const encoded = await call(`/activities?ids=${encodeURIComponent(inc.entity.origin_id)}`);
		expect((encoded.json as Envelope<Activity>).items).toHaveLength(1);
	});

	it('filters activities by event_type and created_after', async () => {
		const logins = await all<Activity>('/activities', { event_type: 'login' });
		expect(logins.length).toBe(sim.state.activities.filter((a) => a.event_type === 'login').length);
		const a = sim.addActivity({
			event_type: 'user_settings',
			created_at: '2026-12-02T00:00:00.000Z',
		});
		const recent = await list<Activity>('/activities', { created_after: '2026-12-01' });
		expect(recent.items.map((x) => x.event_id)).toEqual([a.event_id]);
	});
});

describe('IP libraries', () => {
	const post = (lib: string, body: unknown) =>
		call(`/ip/${lib}`, { method: 'POST', body: JSON.stringify(body) });

	it('creates, finds (q / name), updates and deletes a suspicious entry', async () => {
		const r = await post('suspicious', {
			name: 'Foo bar',
			description: 'Lorem',
			ip_address: '198.51.100.77',
			categories: ['foo', 'bar'],
			expires_on: '2027-01-17T15:52:24.677313+00:00',
		});
		expect(r.status).toBe(200);
		const entry = r.json as IpEntry;
		expect(entry.pk).toMatch(/^[A-Za-z0-9]{10}$/);
		expect(entry).toMatchObject({
			type: 'suspicious',
			name: 'Foo bar',
			ip_address: '198.51.100.77',
			categories: ['foo', 'bar'],
			location: '',
		});
		expect(entry.created_on).toBe(formatMicro(NOW * 1000));
		expect(sim.state.ip.suspicious.some((e) => e.pk === entry.pk)).toBe(true);

		expect(
			ids(
				(await list<IpEntry>('/ip/suspicious', { q: '198.51.100.77' })).items.map((e) => ({
					id: e.pk,
				})),
			),
		).toContain(entry.pk);
		expect((await list<IpEntry>('/ip/suspicious', { q: 'FOO' })).items.map((e) => e.pk)).toContain(
			entry.pk,
		);
		expect(
			(await list<IpEntry>('/ip/suspicious', { name: 'o ba' })).items.map((e) => e.pk),
		).toEqual([entry.pk]);

		sim.clock.advance(1000);
		const put = await call(`/ip/suspicious/${entry.pk}`, {
			method: 'PUT',
			body: JSON.stringify({ description: 'changed', categories: 'a, b' }),
		});
		expect(put.status).toBe(200);
		expect(put.json).toMatchObject({
			pk: entry.pk,
			description: 'changed',
			categories: ['a', 'b'],
			updated_on: formatMicro((NOW + 1000) * 1000),
		});
		expect(
			(await call('/ip/suspicious/ZZZZZZZZZZ', { method: 'PUT', body: '{"description":"x"}' }))
				.status,
		).toBe(404);
		expect(
			(await call(`/ip/suspicious/${entry.pk}`, { method: 'PUT', body: '{"name":"x"}' })).status,
		).toBe(400);

		const del = await call(`/ip/suspicious?ids=${entry.pk},ZZZZZZZZZZ`, { method: 'DELETE' });
		expect(del.status).toBe(200);
		expect(del.json).toEqual({ deleted: [entry.pk] });
		expect(sim.state.ip.suspicious.some((e) => e.pk === entry.pk)).toBe(false);
		expect((await call('/ip/suspicious', { method: 'DELETE' })).json).toEqual({
			message: 'ids is required',
		});
	});

	it('validates the POST body and refuses CSV uploads', async () => {
		expect((await post('suspicious', { name: 'x' })).json).toEqual({
			message: 'ip_address is required',
		});
		expect((await post('suspicious', { ip_address: '999.1.1.1' })).json).toEqual({
			message: 'Invalid value for ip_address: 999.1.1.1',
		});
		expect((await post('suspicious', { ip_address: '2001:db8::1' })).status).toBe(200);
		const csv = await call('/ip/suspicious', {
			method: 'POST',
			body: 'ip_address\n192.0.2.1\n',
			headers: { 'Content-Type': 'text/csv' },
		});
		expect(csv.json).toEqual({ message: 'CSV import not supported by the simulator' });
	});

	it('trusted library: JSON POST and PUT with name; ipTrustedJsonPost=false refuses JSON', async () => {
		const entry = (
			await post('trusted', { name: 'HQ', ip_address: '192.0.2.10', categories: ['offices'] })
		).json as IpEntry;
		expect(entry.type).toBe('trusted');
		expect(entry.expires_on).toBeNull();
		const put = await call(`/ip/trusted/${entry.pk}`, {
			method: 'PUT',
			body: JSON.stringify({ name: 'HQ 2' }),
		});
		expect((put.json as IpEntry).name).toBe('HQ 2');
		sim.setOptions({ ipTrustedJsonPost: false });
		expect((await post('trusted', { ip_address: '192.0.2.11' })).status).toBe(400);
		expect((await post('suspicious', { ip_address: '192.0.2.11' })).status).toBe(200);
	});

	it('ipPost modes: entry (duplicates stored), empty, noPk, ghost, rejectDuplicate', async () => {
		const count = () =>
			sim.state.ip.suspicious.filter((e) => e.ip_address === '203.0.113.250').length;
		await post('suspicious', { ip_address: '203.0.113.250' });
		await post('suspicious', { ip_address: '203.0.113.250' });
		expect(count()).toBe(2);

		sim.reset();
		sim.setOptions({ ipPost: 'empty' });
		const empty = await post('suspicious', { ip_address: '203.0.113.250' });
		expect(empty.status).toBe(200);
		expect(empty.text).toBe('');
		expect(count()).toBe(1);

		sim.setOptions({ ipPost: 'noPk' });
		const noPk = await post('suspicious', { ip_address: '203.0.113.250', name: 'n' });
		expect(noPk.status).toBe(201);
		expect(noPk.json).toMatchObject({ name: 'n', ip_address: '203.0.113.250' });
		expect('pk' in (noPk.json as Record<string, unknown>)).toBe(false);
		expect(count()).toBe(2);

		sim.setOptions({ ipPost: 'ghost' });
		const ghost = await post('suspicious', { ip_address: '203.0.113.250' });
		expect(ghost.status).toBe(200);
		expect((ghost.json as IpEntry).pk).toMatch(/^[A-Za-z0-9]{10}$/);
		expect(count()).toBe(2);

		sim.setOptions({ ipPost: 'rejectDuplicate' });
		const dup = await post('suspicious', { ip_address: '203.0.113.250' });
		expect(dup.status).toBe(400);
		expect(dup.json).toEqual({ message: 'IP address already exists' });
		expect((await post('suspicious', { ip_address: '203.0.113.251' })).status).toBe(200);
	});
});

describe('other collections', () => {
	it('policies: state (case-sensitive), where JSON, name substring, bare shape', async () => {
		const active = sim.state.policies.filter((p) => p.state === 'ACTIVE').length;
		expect((await list<Policy>('/policies', { state: 'ACTIVE' })).total).toBe(active);
		expect((await call('/policies?state=active')).status).toBe(400);
		expect((await list<Policy>('/policies', { where: '{"state": "INACTIVE"}' })).total).toBe(
			12 - active,
		);
		expect((await list<Policy>('/policies', { name: 'regular' })).items.map((p) => p.name)).toEqual(
			['Confidential/Password Regular Expression'],
		);
		sim.setOptions({ policiesShape: 'bare' });
		const bare = await call('/policies?limit=5');
		expect(Array.isArray(bare.json)).toBe(true);
		expect((bare.json as Policy[]).length).toBe(5);
	});

	it('apps: installed only by default, filters, classification and sub-resources', async () => {
		const installed = sim.state.apps.filter((a) =>
			(sim.state.appInstalls[a.id] ?? []).some((i) => i.state === 'installed'),
		);
		expect(installed.length).toBeLessThan(sim.state.apps.length);
		expect((await list<App>('/apps', { limit: 100 })).total).toBe(installed.length);
		expect((await list<App>('/apps', { install_state: 'all', limit: 100 })).total).toBe(60);
		const app = installed[0];
		expect(ids((await list<App>('/apps', { app_ids: `${app.id},nope` })).items)).toEqual([app.id]);
		const cats = app.scope_categories.map((c) => c.category_id).join(',');
		expect(ids((await list<App>('/apps', { scope_categories: cats, limit: 100 })).items)).toContain(
			app.id,
		);

		const bad = await call(`/apps/${app.id}/classification`, {
			method: 'POST',
			body: '{"type":"evil"}',
		});
		expect(bad.json).toEqual({ message: 'Invalid value for type: evil' });
		const ok = await call(`/apps/${app.id}/classification`, {
			method: 'POST',
			body: JSON.stringify({ type: 'banned', reason_id: 4, other_reason: 'Other Custom Reason' }),
		});
		expect(ok.status).toBe(200);
		const arr = ok.json as App[];
		expect(arr[0].classification).toEqual({
			type: 'banned',
			method: 'manual',
			reason: 'Internal reason',
			updated_at: formatMicro(NOW * 1000),
			reason_id: 4,
			other_reason: 'Other Custom Reason',
		});
		expect(
			ids((await list<App>('/apps', { classification: 'banned', limit: 100 })).items),
		).toContain(app.id);

		expect(Array.isArray((await call(`/apps/${app.id}/access_scopes`)).json)).toBe(true);
		sim.setOptions({ subResourceShape: 'envelope' });
		const installs = (await call(`/apps/${app.id}/installs`)).json as Envelope<unknown>;
		expect(installs.items).toEqual(sim.state.appInstalls[app.id]);
		expect((await call('/apps/nope/installs')).status).toBe(404);
	});

	it('entities: platform, owners, exposure (documented spellings), updated_after', async () => {
		const e0 = sim.state.entities[0];
		const platform = `${e0.vendor.name}_${e0.origin_type}`;
		expect((await list<Entity>('/entities', { platform })).total).toBe(
			sim.state.entities.filter((e) => `${e.vendor.name}_${e.origin_type}` === platform).length,
		);
		const owner = e0.owners[0].value;
		expect((await list<Entity>('/entities', { owners: owner })).total).toBe(
			sim.state.entities.filter((e) => e.owners.some((o) => o.value === owner)).length,
		);
		const orgWide = sim.state.entities.filter((e) => e.exposure === 'organization_wide').length;
		expect((await list<Entity>('/entities', { exposure: 'organization-wide' })).total).toBe(
			orgWide,
		);
		expect((await list<Entity>('/entities', { updated_after: '2026-12-01' })).total).toBe(0);
	});

	it('threats: status and start_time', async () => {
		const activeCount = sim.state.threats.filter((t) => t.status === 'Active').length;
		expect((await list<Threat>('/threats', { status: 'Active' })).total).toBe(activeCount);
		expect((await list<Threat>('/threats', { start_time: 60 })).total).toBe(40);
		expect((await call('/threats?start_time=soon')).status).toBe(400);
	});
});

describe('faults', () => {
	it('429 with Retry-After in seconds, consumed once', async () => {
		sim.injectFault({ kind: 'status', status: 429, retryAfter: '7' });
		const r = await call('/incidents');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('7');
		expect(r.json).toEqual({ message: 'Too many requests' });
		expect((await call('/incidents')).status).toBe(200);
		expect(sim.requests.map((x) => x.status)).toEqual([429, 200]);
	});

	it('429 with Retry-After as an HTTP date', async () => {
		sim.injectFault({ kind: 'status', status: 429, retryAfter: 'http-date:120' });
		const r = await call('/incidents');
		const header = r.headers.get('retry-after') ?? '';
		expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
		expect(Date.parse(header)).toBeGreaterThan(Date.now());
	});

	it('times, match and custom body', async () => {
		sim.injectFaults([
			{ kind: 'status', status: 503, times: 2, match: { path: '/ip/*' } },
			{
				kind: 'status',
				status: 500,
				body: 'oops',
				match: { method: 'put', path: '/incidents/320831601' },
			},
		]);
		expect((await call('/incidents')).status).toBe(200);
		expect((await call('/ip/trusted')).status).toBe(503);
		expect((await call('/ip/suspicious')).status).toBe(503);
		expect((await call('/ip/suspicious')).status).toBe(200);
		expect((await call('/incidents/320831601')).status).toBe(200);
		const put = await call('/incidents/320831601', { method: 'PUT', body: '{"severity":"INFO"}' });
		expect(put.status).toBe(500);
		expect(put.text).toBe('oops');
		expect(sim.faults).toEqual([]);
	});

	it('reset destroys the socket and is logged with status 0', async () => {
		sim.injectFault({ kind: 'reset' });
		await expect(call('/incidents')).rejects.toThrow();
		expect(sim.requests.map((x) => x.status)).toEqual([0]);
		expect((await call('/incidents')).status).toBe(200);
	});

	it('malformed, html, notCloudlock and slow', async () => {
		sim.injectFaults([
			{ kind: 'malformed' },
			{ kind: 'html' },
			{ kind: 'notCloudlock' },
			{ kind: 'slow', ms: 5 },
		]);
		const malformed = await call('/incidents');
		expect(malformed.status).toBe(200);
		expect(malformed.headers.get('content-type')).toBe('application/json');
		expect(malformed.json).toBeUndefined();
		expect(malformed.text.length).toBeGreaterThan(0);
		const html = await call('/incidents');
		expect(html.status).toBe(200);
		expect(html.headers.get('content-type')).toMatch(/^text\/html/);
		expect(html.text).toMatch(/^<!DOCTYPE html>/);
		const other = await call('/incidents');
		expect(other.json).toEqual({ status: 'ok' });
		const slow = await call('/incidents');
		expect(slow.status).toBe(200);
	});

	it('rejects unknown fault kinds', () => {
		expect(() =>
			sim.injectFault({ kind: 'explode' } as unknown as Parameters<Simulator['injectFault']>[0]),
		).toThrow(/Unknown fault kind/);
	});
});

describe('rate limiting', () => {
	it('N per rolling second: N+3 simultaneous requests give exactly 3 × 429', async () => {
		sim.setOptions({ rateLimitPerSecond: 5 });
		const results = await Promise.all(Array.from({ length: 8 }, () => call('/incidents?limit=1')));
		const limited = results.filter((r) => r.status === 429);
		expect(limited).toHaveLength(3);
		expect(results.filter((r) => r.status === 200)).toHaveLength(5);
		expect(limited[0].headers.get('retry-after')).toBe('1');
		expect(limited[0].json).toEqual({ message: 'Too many requests' });
		sim.clock.advance(1001);
		expect((await call('/incidents?limit=1')).status).toBe(200);
	});

	it('can omit Retry-After', async () => {
		sim.setOptions({ rateLimitPerSecond: 1, rateLimitRetryAfter: false });
		await call('/incidents?limit=1');
		const r = await call('/incidents?limit=1');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBeNull();
	});
});

describe('sim API', () => {
	it('addIncident fills defaults with the next numeric id and the sim clock', () => {
		const maxId = Math.max(...sim.state.incidents.map((i) => Number(i.id)));
		const inc = sim.addIncident({ severity: 'ALERT' });
		expect(inc.id).toBe(String(maxId + 1));
		expect(inc.severity).toBe('ALERT');
		expect(inc.created_at).toBe(formatMicro(NOW * 1000));
		expect(inc.updated_at).toBe(inc.created_at);
		const batch = sim.addIncidents(3, { created_at: '2026-12-01T00:00:00.000000+00:00' });
		expect(new Set(batch.map((b) => b.created_at))).toEqual(
			new Set(['2026-12-01T00:00:00.000000+00:00']),
		);
		expect(batch.map((b) => Number(b.id))).toEqual([maxId + 2, maxId + 3, maxId + 4]);
		const ueba = sim.addIncident({ incident_type: 'UEBA' });
		expect(ueba.entity.origin_type).toBe('activity');
	});

	it('updateIncident bumps updated_at; addIpEntry stores an entry', () => {
		const id = sim.state.incidents[0].id;
		sim.clock.set(NOW + 60000);
		expect(sim.updateIncident(id, { incident_status: 'RESOLVED' }).updated_at).toBe(
			formatMicro((NOW + 60000) * 1000),
		);
		const e = sim.addIpEntry('trusted', { ip_address: '192.0.2.200', name: 'x' });
		expect(sim.state.ip.trusted[sim.state.ip.trusted.length - 1]).toBe(e);
	});

	it('records requests with decoded query, raw query and parsed body', async () => {
		await call('/activities?ids=google%3Aauth%3A-1%230&limit=5&limit=7');
		const r: RecordedRequest = sim.requests[0];
		expect(r.method).toBe('GET');
		expect(r.path).toBe('/api/v2/activities');
		expect(r.query).toEqual({ ids: 'google:auth:-1#0', limit: '7' });
		expect(r.rawQuery).toBe('ids=google%3Aauth%3A-1%230&limit=5&limit=7');
		expect(r.body).toBeUndefined();
		expect(r.headers.authorization).toBe('Bearer sim-token');
		sim.clearRequests();
		expect(sim.requests).toHaveLength(0);
	});

	it('reset restores options, faults and state', async () => {
		const before = JSON.stringify(sim.state);
		sim.setOptions({ total: 'zero' });
		sim.injectFault({ kind: 'html' });
		sim.addIncident();
		sim.reset();
		expect(sim.options).toEqual(DEFAULT_OPTIONS);
		expect(sim.faults).toEqual([]);
		expect(JSON.stringify(sim.state)).toBe(before);
	});

	it('rejects unknown or ill-typed options', () => {
		expect(() => sim.setOptions({ nope: 1 } as unknown as Partial<SimOptions>)).toThrow(
			/Unknown option/,
		);
		expect(() => sim.setOptions({ total: 'some' } as unknown as Partial<SimOptions>)).toThrow(
			/must be one of/,
		);
	});
});

describe('determinism', () => {
	it('same seed and now give byte-identical state; another seed differs', async () => {
		const counts = { incidents: 120, activities: 80 };
		const a = await startSimulator({ seed: 3, now: NOW, seedCounts: counts });
		const b = await startSimulator({ seed: 3, now: NOW, seedCounts: counts });
		const c = await startSimulator({ seed: 4, now: NOW, seedCounts: counts });
		try {
			expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
			expect(JSON.stringify(a.state)).not.toBe(JSON.stringify(c.state));
			expect(a.state.incidents).toHaveLength(120);
			const last = a.state.incidents[a.state.incidents.length - 1];
			expect(micro(last.created_at)).toBeLessThan(NOW * 1000);
			expect(micro(a.state.incidents[0].created_at)).toBeGreaterThanOrEqual(
				(NOW - 30 * 86400000) * 1000,
			);
			// runtime additions are deterministic too
			a.clock.set(NOW);
			b.clock.set(NOW);
			expect(a.addIpEntry('suspicious', {}).pk).toBe(b.addIpEntry('suspicious', {}).pk);
		} finally {
			await Promise.all([a.close(), b.close(), c.close()]);
		}
	});
});

describe('control API over HTTP', () => {
	it('adds and updates data, sets options, faults, latency and clock, reads state and requests', async () => {
		const created = await control('POST', '/incidents', { count: 2, severity: 'ALERT' });
		expect(created.status).toBe(200);
		const incs = created.json as Incident[];
		expect(incs.map((i) => i.severity)).toEqual(['ALERT', 'ALERT']);
		const single = (await control('POST', '/incidents', { incident_status: 'NEW' }))
			.json as Incident;
		expect(sim.state.incidents).toHaveLength(403);

		const updated = await control('POST', `/incidents/${single.id}`, {
			incident_status: 'DISMISSED',
		});
		expect((updated.json as Incident).incident_status).toBe('DISMISSED');
		expect((await control('POST', '/incidents/1', { severity: 'INFO' })).status).toBe(404);

		expect(
			((await control('POST', '/activities', { event_type: 'login' })).json as Activity).event_type,
		).toBe('login');
		expect(
			((await control('POST', '/ip/trusted', { ip_address: '192.0.2.99' })).json as IpEntry).type,
		).toBe('trusted');

		expect((await control('POST', '/options', { total: 'missing' })).json).toMatchObject({
			total: 'missing',
		});
		expect((await control('GET', '/options')).json).toMatchObject({ total: 'missing' });
		expect((await control('POST', '/options', { total: 'bogus' })).status).toBe(400);

		expect(
			(
				await control('POST', '/faults', [
					{ kind: 'notCloudlock' },
					{ kind: 'status', status: 502 },
				])
			).json,
		).toEqual({
			queued: 2,
			pending: 2,
		});
		expect((await call('/incidents')).json).toEqual({ status: 'ok' });
		expect((await control('DELETE', '/faults')).status).toBe(200);
		expect((await call('/incidents')).status).toBe(200);

		expect((await control('POST', '/latency', { ms: 0 })).json).toEqual({ ms: 0 });
		expect((await control('POST', '/clock', { now: '2026-12-24T00:00:00Z' })).json).toMatchObject({
			now: Date.UTC(2026, 11, 24),
			frozen: true,
		});
		expect((await control('POST', '/clock', { advanceMs: 1000 })).json).toMatchObject({
			now: Date.UTC(2026, 11, 24) + 1000,
		});
		expect(sim.clock.now()).toBe(Date.UTC(2026, 11, 24) + 1000);

		const reqs = (await control('GET', '/requests')).json as RecordedRequest[];
		expect(reqs.map((r) => r.status)).toEqual([200, 200]);
		expect(reqs.every((r) => !r.path.startsWith('/_sim'))).toBe(true);
		await control('DELETE', '/requests');
		expect(sim.requests).toHaveLength(0);

		const st = (await control('GET', '/state?include=ip')).json as {
			counts: Record<string, number>;
			ip: { trusted: IpEntry[] };
		};
		expect(st.counts.incidents).toBe(403);
		expect(st.ip.trusted).toHaveLength(11);

		await control('POST', '/reset');
		expect(sim.state.incidents).toHaveLength(400);
		expect(sim.options.total).toBe('exact');
		expect(sim.clock.now()).toBe(NOW);
		expect((await control('POST', '/clock', { real: true })).json).toMatchObject({ frozen: false });
	});
});
