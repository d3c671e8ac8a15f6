import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { apiList, transportSettings } from '../../nodes/CiscoCloudlock/transport';
import { executeContext, runNode } from '../helpers/engine';
import { fastRetries, useSimulator } from '../helpers/simulator';
import type { SimOptions } from '../simulator/server';
import {
	expectedCalls,
	ids,
	incidentsIn,
	listCalls,
	requestsOnlyTo,
	tokenLeakGuard,
} from './support';

const MARKER = 'paging-secret-Qm81xZ';
const env = useSimulator({ token: MARKER });
fastRetries();
const recordError = tokenLeakGuard(MARKER);
requestsOnlyTo(() => env.sim.baseUrl);

const list = async (qs: IDataObject, options: { limit?: number; concurrency?: number } = {}) =>
	await apiList.call(executeContext({ credentials: env.credentials }), '/incidents', qs, options);

const failureOf = async (promise: Promise<unknown>): Promise<NodeApiError> => {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	return recordError(error as NodeApiError);
};

describe('apiList paging', () => {
	it.each([0, 1, 99, 100, 101, 250, 400])(
		'F5: offsets grow by the page size; %i records take floor(N/100)+1 list requests of limit=100',
		async (count) => {
			env.sim.reset({ seedCounts: { incidents: count } });

			const records = await list({ order: 'created_at' });

			expect(ids(records)).toEqual(ids(incidentsIn(env.sim, 'created_at')));
			expect(listCalls(env.sim, '/incidents')).toEqual(expectedCalls(count));
		},
	);

	it('F5: Limit 1 sends limit=1 once', async () => {
		const records = await list({ order: 'created_at' }, { limit: 1 });

		expect(ids(records)).toEqual(ids(incidentsIn(env.sim, 'created_at').slice(0, 1)));
		expect(listCalls(env.sim, '/incidents')).toEqual([{ offset: 0, limit: 1 }]);
	});

	it('F5: Limit 250 asks offsets 0, 100, 200 with limits 100, 100, 50', async () => {
		const records = await list({ order: 'created_at' }, { limit: 250 });

		expect(ids(records)).toEqual(ids(incidentsIn(env.sim, 'created_at').slice(0, 250)));
		expect(listCalls(env.sim, '/incidents')).toEqual([
			{ offset: 0, limit: 100 },
			{ offset: 100, limit: 100 },
			{ offset: 200, limit: 50 },
		]);
	});

	it.each<SimOptions['total']>(['missing', 'zero', 'pageSize'])(
		'F6: total=%s changes neither the records nor the requests',
		async (total) => {
			for (const count of [250, 300]) {
				env.sim.reset({ seedCounts: { incidents: count } });
				env.sim.setOptions({ total });

				const records = await list({ order: 'created_at' });

				expect(ids(records)).toEqual(ids(incidentsIn(env.sim, 'created_at')));
				expect(listCalls(env.sim, '/incidents')).toEqual(expectedCalls(count));
			}
		},
	);

	it('F6: a server that ignores offset ends in an error after the second page, not a loop', async () => {
		env.sim.setOptions({ ignoreOffset: true, total: 'missing' });

		const error = await failureOf(list({ order: 'created_at' }));

		expect(error.message).toBe(
			'Cloudlock returned the same records again for offset 100 of /incidents; it seems to ignore the offset parameter, so Return All stopped instead of looping',
		);
		expect(listCalls(env.sim, '/incidents')).toEqual(expectedCalls(100));
	});

	it('F6: with a total, the pages it announces go out together and the first repeat is named', async () => {
		env.sim.setOptions({ ignoreOffset: true });
		const total = env.sim.state.incidents.length;

		const error = await failureOf(list({ order: 'created_at' }));

		expect(error.message).toBe(
			'Cloudlock returned the same records again for offset 100 of /incidents; it seems to ignore the offset parameter, so Return All stopped instead of looping',
		);
		// Page 0 alone, then pages 1..4 at once (the default 4 in flight; total 400 ends at page 4).
		expect(total).toBe(400);
		expect(listCalls(env.sim, '/incidents')).toEqual(expectedCalls(400));
	});

	it('the page cap stops a runaway walk with a clear error', async () => {
		const saved = transportSettings.maxPages;
		transportSettings.maxPages = 3;
		try {
			const error = await failureOf(list({ order: 'created_at' }));

			expect(error.message).toBe(
				'Stopped listing /incidents after 3 pages (300 records) without reaching the end',
			);
			expect(error.description).toBe(
				'Narrow the filters (for example a created-after date) or use Limit instead of Return All.',
			);
			expect(listCalls(env.sim, '/incidents')).toEqual(expectedCalls(200));
		} finally {
			transportSettings.maxPages = saved;
		}
	});

	it('a server that clamps the page size to 50 still yields every record', async () => {
		env.sim.reset({ seedCounts: { incidents: 230 } });
		env.sim.setOptions({ maxLimit: 50 });

		const records = await list({ order: 'created_at' });

		expect(ids(records)).toEqual(ids(incidentsIn(env.sim, 'created_at')));
		expect(listCalls(env.sim, '/incidents')).toEqual(expectedCalls(230, 50, 100));
	});

	it('reads bare-array lists the same as envelopes', async () => {
		const enveloped = await apiList.call(
			executeContext({ credentials: env.credentials }),
			'/policies',
			{},
		);
		env.sim.clearRequests();
		env.sim.setOptions({ policiesShape: 'bare' });

		const bare = await apiList.call(
			executeContext({ credentials: env.credentials }),
			'/policies',
			{},
		);

		expect(bare).toEqual(enveloped);
		expect(ids(bare).sort()).toEqual(ids(env.sim.state.policies).sort());
		expect(listCalls(env.sim, '/policies')).toEqual([{ offset: 0, limit: 100 }]);
	});

	it('a 200 answer that is not a list is an error, not an empty result', async () => {
		env.sim.injectFault({ kind: 'notCloudlock', match: { path: '/incidents' } });

		const error = await failureOf(list({ order: 'created_at' }));

		expect(error.message).toBe(
			'Cloudlock\'s answer to GET /incidents is not a list (expected an "items" array)',
		);
	});

	describe('records that shift while paging are returned once each', () => {
		/** Adds incidents at the head of a newest-first list once page 1 has reached the server. */
		async function listWhileInserting(concurrency: number) {
			env.sim.reset({ seedCounts: { incidents: 250 } });
			const before = incidentsIn(env.sim, '-created_at');
			env.sim.setLatency(150);
			const pending = list({ order: '-created_at' }, { concurrency });
			while (listCalls(env.sim, '/incidents').length < 2) await sleep(2);
			const added = env.sim.addIncidents(5);
			const records = await pending;
			return { before, added, records };
		}

		it.each([1, 4])('with %i page(s) in flight', async (concurrency) => {
			const { before, added, records } = await listWhileInserting(concurrency);

			// Page 1 was answered after 5 newer incidents pushed 5 of page 0's records onto it.
			expect(incidentsIn(env.sim, '-created_at').slice(0, 5)).toEqual(added);
			expect(ids(records)).toEqual(ids(before));
			expect(new Set(ids(records)).size).toBe(records.length);
			expect(listCalls(env.sim, '/incidents')).toEqual(expectedCalls(250));
		});
	});

	it('F5: incident Get Many with Return All pages the node’s query by 100', async () => {
		env.sim.reset({ seedCounts: { incidents: 250 } });

		const { items, error } = await runNode({
			parameters: { resource: 'incident', operation: 'getAll', returnAll: true },
			credentials: env.credentials,
		});

		expect(error).toBeUndefined();
		expect(ids(items.map((i) => i.json))).toEqual(ids(incidentsIn(env.sim, '-created_at')));
		const pages = listCalls(env.sim, '/incidents').filter((c) => c.limit !== 1);
		expect(pages).toEqual(expectedCalls(250));
	});
});
