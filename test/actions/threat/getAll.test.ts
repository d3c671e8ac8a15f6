import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { jsonOf, micros } from '../incident/expected';

const env = useSimulator({ seedCounts: { threats: 230 } });
// One page at a time, so the exact request sequence can be asserted.
fastRetries({ defaultConcurrency: 1 });

const run = (parameters: IDataObject, timezone?: string) =>
	runNode({
		parameters: { resource: 'threat', operation: 'getAll', ...parameters },
		credentials: env.credentials,
		timezone,
	});
const sent = () => env.sim.requests.map((r) => ({ path: r.path, query: r.query }));

describe('threat getAll', () => {
	it('Return All pages by 100 and returns every threat once', async () => {
		const state = env.sim.state.threats;
		const { items, error } = await run({ returnAll: true });

		expect(error).toBeUndefined();
		expect(sent()).toEqual(
			[0, 100, 200].map((offset) => ({
				path: '/api/v2/threats',
				query: { limit: '100', offset: String(offset) },
			})),
		);
		expect(jsonOf(items)).toEqual(state);
		expect(new Set(items.map((i) => i.json.id)).size).toBe(230);
	});

	it('Limit 3 sends one request with limit=3', async () => {
		const { items } = await run({ returnAll: false, limit: 3 });

		expect(sent()).toEqual([{ path: '/api/v2/threats', query: { limit: '3', offset: '0' } }]);
		expect(jsonOf(items)).toEqual(env.sim.state.threats.slice(0, 3));
	});

	it.each(['Active', 'Dismissed'])('Status %s is sent as status and filters', async (status) => {
		const { items, error } = await run({ returnAll: true, filters: { status } });

		expect(error).toBeUndefined();
		expect(sent()[0].query).toEqual({ status, limit: '100', offset: '0' });
		const expected = env.sim.state.threats.filter((t) => t.status === status);
		expect(expected.length).toBeGreaterThan(0);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('Created After / Before are sent in UTC and bound the detection time', async () => {
		const { items, error } = await run(
			{
				returnAll: true,
				filters: { createdAfter: '2026-11-10T00:00:00', createdBefore: '2026-11-25T00:00:00Z' },
			},
			'America/Los_Angeles',
		);

		expect(error).toBeUndefined();
		expect(sent()[0].query).toEqual({
			created_after: '2026-11-10T08:00:00',
			created_before: '2026-11-25T00:00:00',
			limit: '100',
			offset: '0',
		});
		const { afterInclusive, beforeInclusive } = env.sim.options;
		const [from, to] = [micros('2026-11-10T08:00:00Z'), micros('2026-11-25T00:00:00Z')];
		const expected = env.sim.state.threats.filter((t) => {
			const at = micros(t.detected_at);
			return (afterInclusive ? at >= from : at > from) && (beforeInclusive ? at <= to : at < to);
		});
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(env.sim.state.threats.length);
		expect(jsonOf(items)).toEqual(expected);
	});
});
