import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import type { Activity } from '../../simulator/server';
import { jsonOf, micros } from '../incident/expected';

const env = useSimulator();
fastRetries();

const run = (parameters: IDataObject, timezone?: string) =>
	runNode({
		parameters: { resource: 'activity', operation: 'getAll', ...parameters },
		credentials: env.credentials,
		timezone,
	});
const sent = () => env.sim.requests.map((r) => ({ path: r.path, query: r.query }));

const composite = (a: Activity) => `${a.vendor.name}:${a.vendor.service}:${a.event_id}`;
/** The API's order for activities: oldest first, stable for ties. */
const oldestFirst = (list: Activity[]) =>
	list
		.map((a, index) => ({ a, index }))
		.sort((x, y) => micros(x.a.created_at) - micros(y.a.created_at) || x.index - y.index)
		.map((x) => x.a);

describe('activity getAll', () => {
	it('Return All pages by 100 and returns every activity once, in the API’s order', async () => {
		const state = env.sim.state.activities;
		const { items, error } = await run({ returnAll: true, options: { maxConcurrency: 1 } });

		expect(error).toBeUndefined();
		expect(sent()).toEqual(
			Array.from({ length: Math.floor(state.length / 100) + 1 }, (_, page) => ({
				path: '/api/v2/activities',
				query: { limit: '100', offset: String(page * 100) },
			})),
		);
		expect(jsonOf(items)).toEqual(oldestFirst(state));
	});

	it('Limit 2 sends one request with limit=2', async () => {
		const { items } = await run({ returnAll: false, limit: 2 });

		expect(sent()).toEqual([{ path: '/api/v2/activities', query: { limit: '2', offset: '0' } }]);
		expect(jsonOf(items)).toEqual(oldestFirst(env.sim.state.activities).slice(0, 2));
	});

	it.each(['login', 'user_settings', 'other'])(
		'Event Type %s is sent as event_type',
		async (type) => {
			const { items, error } = await run({ returnAll: true, filters: { eventType: type } });

			expect(error).toBeUndefined();
			expect(sent()).toEqual([
				{ path: '/api/v2/activities', query: { event_type: type, limit: '100', offset: '0' } },
				...(sent().length > 1 ? sent().slice(1) : []),
			]);
			const expected = oldestFirst(env.sim.state.activities.filter((a) => a.event_type === type));
			expect(expected.length).toBeGreaterThan(0);
			expect(jsonOf(items)).toEqual(expected);
		},
	);

	it('IDs with # reach Cloudlock exactly, comma-joined, and select those activities', async () => {
		const picked = [env.sim.state.activities[4], env.sim.state.activities[250]];
		const ids = picked.map(composite);
		expect(ids.every((id) => id.includes('#'))).toBe(true);
		const { items, error } = await run({
			returnAll: true,
			filters: { ids: ` ${ids[0]} ,\n${ids[1]}` },
		});

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => r.query.ids)).toEqual([ids.join(',')]);
		expect(env.sim.requests[0].rawQuery).toContain('%23');
		expect(jsonOf(items)).toEqual(oldestFirst(picked));
	});

	it('IDs as an array from an expression, and IDs pasted already URL-encoded, are sent decoded', async () => {
		const picked = [env.sim.state.activities[10], env.sim.state.activities[11]];
		const ids = picked.map(composite);
		const encoded = ids[1].replace('#', '%23');
		const { items, error } = await run({
			returnAll: false,
			limit: 10,
			filters: { ids: `={{ ${JSON.stringify([ids[0], encoded])} }}` },
		});

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => r.query.ids)).toEqual([ids.join(',')]);
		expect(jsonOf(items)).toEqual(oldestFirst(picked));
	});

	it('a new activity with a user-supplied ID is found by it', async () => {
		const added = env.sim.addActivity({
			event_id: '-4132259428371024344#0',
			vendor: { name: 'google', service: 'auth' },
			event_type: 'login',
		});
		const { items } = await run({
			returnAll: true,
			filters: { ids: 'google:auth:-4132259428371024344#0' },
		});

		expect(env.sim.requests.map((r) => r.query.ids)).toEqual([
			'google:auth:-4132259428371024344#0',
		]);
		expect(jsonOf(items)).toEqual([added]);
	});

	it('a UEBA incident’s entity.origin_id, mapped as IDs, finds the activity behind it', async () => {
		const incident = env.sim.state.incidents.find((i) => i.incident_type === 'UEBA')!;
		const { items, error } = await runNode({
			parameters: {
				resource: 'activity',
				operation: 'getAll',
				returnAll: true,
				filters: { ids: '={{ $json.entity.origin_id }}' },
			},
			credentials: env.credentials,
			input: [incident as unknown as IDataObject],
		});

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => r.query.ids)).toEqual([incident.entity.origin_id]);
		const expected = env.sim.state.activities.filter(
			(a) => composite(a) === incident.entity.origin_id,
		);
		expect(expected).toHaveLength(1);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('Created After in the workflow timezone is sent in UTC and filters', async () => {
		const { items, error } = await run(
			{ returnAll: true, filters: { createdAfter: '2026-11-20T12:00:00' } },
			'Asia/Tokyo',
		);

		expect(error).toBeUndefined();
		expect(env.sim.requests[0].query.created_after).toBe('2026-11-20T03:00:00');
		const bound = micros('2026-11-20T03:00:00Z');
		const expected = oldestFirst(
			env.sim.state.activities.filter((a) =>
				env.sim.options.afterInclusive
					? micros(a.created_at) >= bound
					: micros(a.created_at) > bound,
			),
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('Simplify returns the flat summary, with the composite ID the IDs filter takes', async () => {
		const { items, error } = await run({ returnAll: false, limit: 4, simplify: true });

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual(
			oldestFirst(env.sim.state.activities)
				.slice(0, 4)
				.map((a) => ({
					id: a.event_id,
					compositeId: composite(a),
					eventType: a.event_type,
					eventCategory: a.event_category,
					userEmail: a.user.user_email,
					vendor: a.vendor.name,
					service: a.vendor.service,
					clientIp: a.client_ip,
					country: (a.client_location.country as { name: string }).name,
					city: a.client_location.city,
					successful: a.operation_successful,
					createdAt: a.created_at,
				})),
		);
	});

	it('an invalid Limit from an expression fails before any request', async () => {
		const { error } = await run({ returnAll: false, limit: '={{ "ten" }}' });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('"Limit" must be a whole number of at least 1, not "ten"');
		expect(env.sim.requests).toEqual([]);
	});
});
