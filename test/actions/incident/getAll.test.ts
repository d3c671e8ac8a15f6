import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import type { Incident } from '../../simulator/server';
import {
	boundAfter,
	idsOf,
	secondBoundAfter,
	jsonOf,
	micros,
	simplifiedIncident,
	sortIncidents,
	timeFilter,
} from './expected';
import type { Order } from './expected';

const env = useSimulator();
fastRetries();

const getAll = (extra: IDataObject) => ({ resource: 'incident', operation: 'getAll', ...extra });
const run = (parameters: IDataObject, timezone?: string) =>
	runNode({ parameters: getAll(parameters), credentials: env.credentials, timezone });
const sent = () =>
	env.sim.requests.map((request) => ({ path: request.path, query: request.query }));
const listQuery = (extra: Record<string, string>) => ({
	order: '-created_at',
	count_total: 'false',
	...extra,
});

describe('incident getAll: limit and Return All', () => {
	it('Limit 1 sends one request with limit=1 and returns the newest incident', async () => {
		const { items, error } = await run({ returnAll: false, limit: 1 });

		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			{ path: '/api/v2/incidents', query: listQuery({ limit: '1', offset: '0' }) },
		]);
		expect(jsonOf(items)).toEqual(sortIncidents(env.sim.state.incidents).slice(0, 1));
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('Return All pages by 100 under a snapshot bound and returns every incident once, in order', async () => {
		const state = env.sim.state.incidents;
		expect(state.length).toBeGreaterThan(300);

		const { items, error } = await run({ returnAll: true, options: { maxConcurrency: 1 } });

		expect(error).toBeUndefined();
		const bound = boundAfter(state);
		const pages = Array.from({ length: Math.floor(state.length / 100) + 1 }, (_, page) => ({
			path: '/api/v2/incidents',
			query: listQuery({ created_before: bound, limit: '100', offset: String(page * 100) }),
		}));
		expect(sent()).toEqual([
			{ path: '/api/v2/incidents', query: listQuery({ limit: '1', offset: '0' }) },
			...pages,
		]);
		expect(idsOf(items)).toEqual(sortIncidents(state).map((i) => i.id));
		expect(new Set(idsOf(items)).size).toBe(state.length);
	});

	it('Return All against a server comparing created_before by the second redoes the walk with a whole-second bound and misses nothing', async () => {
		env.sim.setOptions({ timePrecision: 'second', beforeInclusive: false });
		const state = env.sim.state.incidents;
		// Several incidents in the newest second: a truncated microsecond bound would drop them all.
		const second = Math.floor(Date.now() / 1000) * 1000 + 3_600_000;
		const newestSecond = env.sim.addIncidents(3, {
			created_at: new Date(second + 250).toISOString().replace('Z', '000+00:00'),
		});

		const { items, error } = await run({ returnAll: true, options: { maxConcurrency: 1 } });

		expect(error).toBeUndefined();
		const beforeParams = sent()
			.map((request) => request.query.created_before)
			.filter((value) => value !== undefined);
		expect(new Set(beforeParams)).toEqual(new Set([boundAfter(state), secondBoundAfter(state)]));
		expect(secondBoundAfter(state)).toBe(new Date(second + 1000).toISOString().slice(0, 19));
		expect(idsOf(items)).toEqual(sortIncidents(state).map((i) => i.id));
		expect(idsOf(items).slice(0, 3)).toEqual(newestSecond.map((i) => i.id));
	});

	it('Return All with parallel pages returns the same records in the same order', async () => {
		const { items, error } = await run({ returnAll: true, options: { maxConcurrency: 4 } });

		expect(error).toBeUndefined();
		expect(idsOf(items)).toEqual(sortIncidents(env.sim.state.incidents).map((i) => i.id));
	});

	it('Return All with nothing matching stops after the probe and returns no items', async () => {
		const { items, error } = await run({ returnAll: true, filters: { customerKey: 'NO-SUCH' } });

		expect(error).toBeUndefined();
		expect(items).toEqual([]);
		expect(sent()).toEqual([
			{
				path: '/api/v2/incidents',
				query: listQuery({ customer_key: 'NO-SUCH', limit: '1', offset: '0' }),
			},
		]);
	});

	it('a Limit of 0 from an expression fails before any request', async () => {
		const { items, error } = await run({ returnAll: false, limit: '={{ 0 }}' });

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('"Limit" must be a whole number of at least 1, not 0');
		expect(env.sim.requests).toEqual([]);
	});
});

describe('incident getAll: snapshot while incidents are being created', () => {
	it('has no duplicates and keeps every incident that existed at the start', async () => {
		const sim = env.sim;
		sim.setLatency(25);
		const before = sim.state.incidents.map((i) => i.id);
		let running = true;
		let added = 0;
		const creator = (async () => {
			while (running) {
				sim.addIncidents(20);
				added += 20;
				await sleep(5);
			}
		})();

		const { items, error } = await run({ returnAll: true, options: { maxConcurrency: 4 } });
		running = false;
		await creator;

		expect(error).toBeUndefined();
		const ids = idsOf(items);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual(expect.arrayContaining(before));
		// The run really raced the creator: incidents were added after the bound was taken.
		const bound = sim.requests[1].query.created_before;
		const frozen = sim.state.incidents.filter(
			timeFilter(sim.options, 'created_at', bound, 'before'),
		);
		expect(added).toBeGreaterThan(0);
		expect(sim.state.incidents.length).toBeGreaterThan(frozen.length);
		expect(ids).toEqual(sortIncidents(frozen).map((i) => i.id));
	});
});

describe('incident getAll: filters', () => {
	const single: Array<[string, IDataObject, (state: Incident[]) => Record<string, string>]> = [
		['policyId', {}, (s) => ({ policy_id: s[0].policy.id })],
		['incidentType', {}, () => ({ incident_type: 'UEBA' })],
		['vendor', {}, () => ({ vendor: 'box' })],
		['customerKey', {}, (s) => ({ customer_key: s.find((i) => i.customer_key)!.customer_key })],
	];

	it.each(single)(
		'%s is sent as its Cloudlock parameter and filters exactly',
		async (name, _x, pick) => {
			const state = env.sim.state.incidents;
			const [param, value] = Object.entries(pick(state))[0];
			const { items, error } = await run({
				returnAll: false,
				limit: 100,
				filters: { [name]: value },
			});

			expect(error).toBeUndefined();
			expect(sent()).toEqual([
				{
					path: '/api/v2/incidents',
					query: listQuery({ [param]: value, limit: '100', offset: '0' }),
				},
			]);
			const field: Record<string, (i: Incident) => string> = {
				policy_id: (i) => i.policy.id,
				incident_type: (i) => i.incident_type,
				vendor: (i) => i.entity.vendor.name,
				customer_key: (i) => i.customer_key,
			};
			const expected = sortIncidents(state.filter((i) => field[param](i) === value)).slice(0, 100);
			expect(expected.length).toBeGreaterThan(0);
			expect(jsonOf(items)).toEqual(expected);
		},
	);

	const times: Array<[string, string, 'created_at' | 'updated_at', 'after' | 'before']> = [
		['createdAfter', 'created_after', 'created_at', 'after'],
		['createdBefore', 'created_before', 'created_at', 'before'],
		['updatedAfter', 'updated_after', 'updated_at', 'after'],
		['updatedBefore', 'updated_before', 'updated_at', 'before'],
	];

	it.each(times)('%s is sent in UTC as %s and filters exactly', async (name, param, field, dir) => {
		const state = sortIncidents(env.sim.state.incidents, 'created_at');
		// A whole-second time from the middle of the data, so both halves are non-empty.
		const pivot = new Date(Math.floor(micros(state[200][field]) / 1e6) * 1000);
		const utc = pivot.toISOString().slice(0, 19);
		const { items, error } = await run({
			returnAll: false,
			limit: 100,
			filters: { [name]: `${utc}Z` },
		});

		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			{ path: '/api/v2/incidents', query: listQuery({ [param]: utc, limit: '100', offset: '0' }) },
		]);
		const expected = sortIncidents(
			state.filter(timeFilter(env.sim.options, field, utc, dir)),
		).slice(0, 100);
		expect(expected.length).toBeGreaterThan(0);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('several severities × statuses become one query per pair, merged in the chosen order', async () => {
		const severities = ['CRITICAL', 'ALERT'];
		const statuses = ['NEW', 'IN PROGRESS'];
		const { items, error } = await run({
			returnAll: true,
			filters: { severity: severities, status: statuses },
			options: { maxConcurrency: 1 },
		});

		expect(error).toBeUndefined();
		const state = env.sim.state.incidents;
		const expected = sortIncidents(
			state.filter((i) => severities.includes(i.severity) && statuses.includes(i.incident_status)),
		);
		expect(idsOf(items)).toEqual(expected.map((i) => i.id));
		const bound = boundAfter(state);
		const pairs = sent()
			.slice(1)
			.map((r) => [r.query.severity, r.query.incident_status]);
		expect(sent()[0].query).toEqual(listQuery({ limit: '1', offset: '0' }));
		expect(pairs).toEqual([
			['CRITICAL', 'NEW'],
			['CRITICAL', 'IN PROGRESS'],
			['ALERT', 'NEW'],
			['ALERT', 'IN PROGRESS'],
		]);
		for (const request of sent().slice(1)) expect(request.query.created_before).toBe(bound);
	});

	it.each<[Order, number]>([
		['updated_at', 30],
		['-updated_at', 30],
		['created_at', 7],
	])('the merge honours Sort %s and Limit %i across the queries', async (order, limit) => {
		const { items, error } = await run({
			returnAll: false,
			limit,
			filters: { severity: '={{ "warning, info" }}', status: ['RESOLVED', 'DISMISSED'] },
			options: { sort: order },
		});

		expect(error).toBeUndefined();
		const expected = sortIncidents(
			env.sim.state.incidents.filter(
				(i) =>
					['WARNING', 'INFO'].includes(i.severity) &&
					['RESOLVED', 'DISMISSED'].includes(i.incident_status),
			),
			order,
		).slice(0, limit);
		expect(idsOf(items)).toEqual(expected.map((i) => i.id));
		expect(
			sent().map((r) => [r.query.severity, r.query.incident_status, r.query.order, r.query.limit]),
		).toEqual([
			['WARNING', 'RESOLVED', order, String(limit)],
			['WARNING', 'DISMISSED', order, String(limit)],
			['INFO', 'RESOLVED', order, String(limit)],
			['INFO', 'DISMISSED', order, String(limit)],
		]);
	});

	it('an unknown severity from an expression fails before any request', async () => {
		const { items, error } = await run({ filters: { severity: '={{ ["ALERT", "URGENT"] }}' } });

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('"Severity" has a value Cloudlock does not know: URGENT');
		expect((error as NodeOperationError).description).toBe(
			'Use one of: ALERT, CRITICAL, INFO, WARNING.',
		);
		expect(env.sim.requests).toEqual([]);
	});

	it('a date that is not a date fails before any request', async () => {
		const { error } = await run({ filters: { createdAfter: '={{ "yesterday-ish" }}' } });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('"Created After" is not a date: yesterday-ish');
		expect(env.sim.requests).toEqual([]);
	});
});

describe('incident getAll: workflow timezone (F8)', () => {
	it('a wall-clock Created After in America/New_York is sent as UTC', async () => {
		const { error } = await run(
			{ returnAll: false, limit: 10, filters: { createdAfter: '2026-11-01T00:00:00' } },
			'America/New_York',
		);

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => r.query.created_after)).toEqual(['2026-11-01T04:00:00']);
	});

	it('an ISO value with Z is sent unchanged in UTC whatever the workflow timezone', async () => {
		const { items, error } = await run(
			{ returnAll: false, limit: 100, filters: { createdAfter: '2026-11-20T00:00:00Z' } },
			'America/New_York',
		);

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => r.query.created_after)).toEqual(['2026-11-20T00:00:00']);
		const expected = sortIncidents(
			env.sim.state.incidents.filter(
				timeFilter(env.sim.options, 'created_at', '2026-11-20T00:00:00Z', 'after'),
			),
		).slice(0, 100);
		expect(jsonOf(items)).toEqual(expected);
	});
});

describe('incident getAll: Simplify', () => {
	it('returns the flat summary of each incident', async () => {
		const { items, error } = await run({ returnAll: false, limit: 5, simplify: true });

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual(
			sortIncidents(env.sim.state.incidents).slice(0, 5).map(simplifiedIncident),
		);
	});

	it('gives UEBA incidents their client IP', async () => {
		const { items, error } = await run({
			returnAll: false,
			limit: 3,
			simplify: true,
			filters: { incidentType: 'UEBA' },
		});

		expect(error).toBeUndefined();
		const expected = sortIncidents(
			env.sim.state.incidents.filter((i) => i.incident_type === 'UEBA'),
		).slice(0, 3);
		expect(expected.every((i) => typeof i.entity.ip === 'string')).toBe(true);
		expect(jsonOf(items)).toEqual(expected.map(simplifiedIncident));
	});
});
