import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import type { Incident } from '../../simulator/server';
import { jsonOf, timeFilter } from '../incident/expected';

const env = useSimulator();
fastRetries();

const run = (parameters: IDataObject, timezone?: string) =>
	runNode({
		parameters: { resource: 'incidentAggregate', operation: 'get', ...parameters },
		credentials: env.credentials,
		timezone,
	});

const groupKey: Record<string, (i: Incident) => { id: string; name: string }> = {
	policy: (i) => ({ id: i.policy.id, name: i.policy.name }),
	status: (i) => ({ id: i.incident_status, name: i.incident_status }),
	user: (i) => ({ id: i.entity.owner_email, name: i.entity.owner_email }),
};

/** Counts per group and severity from the simulator's incidents, largest total first (the API's order). */
function countsOf(incidents: Incident[], groupBy: string) {
	const groups = new Map<string, { agg: Record<string, number>; id: string; name: string }>();
	for (const incident of incidents) {
		const { id, name } = groupKey[groupBy](incident);
		if (!groups.has(id)) {
			groups.set(id, { agg: { info: 0, warning: 0, critical: 0, alert: 0, total: 0 }, id, name });
		}
		const group = groups.get(id)!;
		group.agg[incident.severity.toLowerCase()] += 1;
		group.agg.total += 1;
	}
	return [...groups.values()].sort((a, b) => b.agg.total - a.agg.total || a.id.localeCompare(b.id));
}

const PATHS = { policy: 'policies', status: 'status', user: 'users' };

describe('incident aggregate get', () => {
	it.each(Object.entries(PATHS))(
		'groupBy %s calls /incidents/aggregates/%s and outputs one item per group with exact counts',
		async (groupBy, path) => {
			const { items, error } = await run({ groupBy });

			expect(error).toBeUndefined();
			expect(env.sim.requests.map((r) => ({ path: r.path, query: r.query }))).toEqual([
				{ path: `/api/v2/incidents/aggregates/${path}`, query: {} },
			]);
			const expected = countsOf(env.sim.state.incidents, groupBy);
			expect(expected.length).toBeGreaterThan(1);
			expect(jsonOf(items)).toEqual(expected);
			expect(items.map((item) => item.pairedItem)).toEqual(expected.map(() => ({ item: 0 })));
		},
	);

	it('Created After (workflow timezone → UTC) and Vendor are sent and narrow the counts', async () => {
		const { items, error } = await run(
			{ groupBy: 'status', filters: { createdAfter: '2026-11-15T09:30:00', vendor: 'office365' } },
			'Europe/Berlin',
		);

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => r.query)).toEqual([
			{ created_after: '2026-11-15T08:30:00', vendor: 'office365' },
		]);
		const after = timeFilter(env.sim.options, 'created_at', '2026-11-15T08:30:00Z', 'after');
		const expected = countsOf(
			env.sim.state.incidents.filter((i) => i.entity.vendor.name === 'office365' && after(i)),
			'status',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('Simplify gives flat rows for a digest table', async () => {
		const { items, error } = await run({ groupBy: 'policy', simplify: true });

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual(
			countsOf(env.sim.state.incidents, 'policy').map((g) => ({
				id: g.id,
				name: g.name,
				...g.agg,
			})),
		);
		expect(Object.keys(items[0].json)).toEqual([
			'id',
			'name',
			'info',
			'warning',
			'critical',
			'alert',
			'total',
		]);
	});

	it('accepts the counts wrapped in an items envelope', async () => {
		const rows = countsOf(env.sim.state.incidents, 'user').slice(0, 2);
		env.sim.injectFault({
			kind: 'status',
			status: 200,
			body: { limit: 20, offset: 0, results: 2, items: rows },
		});
		const { items, error } = await run({ groupBy: 'user' });

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual(rows);
	});

	it('an answer that is not a list fails with the request named', async () => {
		env.sim.injectFault({ kind: 'notCloudlock' });
		const { error } = await run({ groupBy: 'status' });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			"Cloudlock's answer to GET /incidents/aggregates/status is not a list of counts",
		);
	});

	it('no incidents gives no items', async () => {
		env.sim.state.incidents.length = 0;
		const { items, error } = await run({ groupBy: 'user' });

		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});
});
