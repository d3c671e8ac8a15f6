import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { jsonOf } from '../incident/expected';

const env = useSimulator({ seedCounts: { policies: 130 } });
// One page at a time, so the exact request sequence can be asserted.
fastRetries({ defaultConcurrency: 1 });

const run = (parameters: IDataObject) =>
	runNode({
		parameters: { resource: 'policy', operation: 'getAll', ...parameters },
		credentials: env.credentials,
	});
const sent = () => env.sim.requests.map((r) => ({ path: r.path, query: r.query }));

describe('policy getAll', () => {
	it('Return All pages by 100 and returns every policy once', async () => {
		const state = env.sim.state.policies;
		expect(state.length).toBe(130);
		const { items, error } = await run({ returnAll: true });

		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			{ path: '/api/v2/policies', query: { limit: '100', offset: '0' } },
			{ path: '/api/v2/policies', query: { limit: '100', offset: '100' } },
		]);
		expect(jsonOf(items)).toEqual(state);
	});

	it('Limit 5 sends one request with limit=5', async () => {
		const { items } = await run({ returnAll: false, limit: 5 });

		expect(sent()).toEqual([{ path: '/api/v2/policies', query: { limit: '5', offset: '0' } }]);
		expect(jsonOf(items)).toEqual(env.sim.state.policies.slice(0, 5));
	});

	it.each(['ACTIVE', 'INACTIVE'])('State %s is sent as state and filters', async (state) => {
		const { items, error } = await run({ returnAll: true, filters: { state } });

		expect(error).toBeUndefined();
		expect(sent()[0]).toEqual({
			path: '/api/v2/policies',
			query: { state, limit: '100', offset: '0' },
		});
		const expected = env.sim.state.policies.filter((p) => p.state === state);
		expect(expected.length).toBeGreaterThan(0);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('Name is sent as name; a lower-case state from an expression is upper-cased', async () => {
		const { items, error } = await run({
			returnAll: true,
			filters: { name: 'Social Security Number', state: '={{ "active" }}' },
		});

		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			{
				path: '/api/v2/policies',
				query: { state: 'ACTIVE', name: 'Social Security Number', limit: '100', offset: '0' },
			},
		]);
		expect(jsonOf(items)).toEqual(
			env.sim.state.policies.filter(
				(p) => p.name === 'Social Security Number' && p.state === 'ACTIVE',
			),
		);
		expect(items).toHaveLength(1);
	});

	it('a tenant answering with a bare array is read the same way', async () => {
		env.sim.setOptions({ policiesShape: 'bare' });
		const { items, error } = await run({ returnAll: true });

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual(env.sim.state.policies);
	});
});
