import type { IDataObject } from 'n8n-workflow';

import type { Incident } from '../simulator/server';
import { fastRetries, useSimulator } from '../helpers/simulator';
import type { Proxy, ProxyHooks } from './proxy';
import { startProxy } from './proxy';
import {
	addAt,
	clone,
	expectNoDuplicates,
	ids,
	incidentRequests,
	MINUTE,
	oldestFirst,
	Poller,
	T0,
} from './helpers';

const env = useSimulator({ now: T0, freezeClock: true });
fastRetries();

let proxy: Proxy | undefined;
afterEach(async () => {
	await proxy?.close();
	proxy = undefined;
});

async function proxied(parameters: IDataObject, hooks: ProxyHooks): Promise<Poller> {
	proxy = await startProxy(env.sim.baseUrl, hooks);
	return new Poller(env, parameters, {
		credentials: { baseUrl: proxy.baseUrl, accessToken: env.sim.token },
	});
}

const isList = (path: string) => path === '/api/v2/incidents';
const reversePages: ProxyHooks['transform'] = (request, body) => {
	const page = body as { items?: unknown[] };
	if (isList(request.path) && Array.isArray(page.items)) page.items.reverse();
	return page;
};

describe('incidents out of order inside one page (F14)', () => {
	it('F14 pages served newest-first inside each page neither duplicate nor drop incidents', async () => {
		const poller = await proxied({ event: 'newIncident' }, { transform: reversePages });
		expect(await poller.poll()).toEqual([]);
		const burst = [
			...addAt(env.sim, T0 + 5 * MINUTE, 60),
			...Array.from({ length: 190 }, (_, i) => addAt(env.sim, T0 + 6 * MINUTE + i * 10)[0]),
		];
		env.sim.clock.set(T0 + 10 * MINUTE);

		const items = await poller.poll();

		expect(ids(items)).toEqual(ids(oldestFirst(burst)));
		expect(await poller.poll()).toEqual([]);
		expectNoDuplicates(poller.delivered);
	});

	it('F14 New or Updated Incident: created_at out of order against updated_at in one page', async () => {
		const poller = new Poller(env, { event: 'incidentUpdated' });
		expect(await poller.poll()).toEqual([]);
		const [a, b, c] = [1, 2, 3].map((i) => addAt(env.sim, T0 + i * MINUTE)[0]);
		// Updated in the order c, a, b: the page (ordered by updated_at) has created_at 3, 1, 2.
		env.sim.clock.set(T0 + 10 * MINUTE);
		const versions = [c, a, b].map((incident) => {
			env.sim.clock.advance(1000);
			return clone(env.sim.updateIncident(incident.id, { incident_status: 'IN PROGRESS' }));
		});

		expect(await poller.poll()).toEqual(versions);
		expect(await poller.poll()).toEqual([]);
		expect(poller.delivered).toEqual(versions.map((v) => `${v.id}@${v.updated_at}`));
	});
});

describe('the list shifting while a poll pages', () => {
	it('incidents updated between two pages (the list shifts back) hide no other incident', async () => {
		let moved: Incident[] = [];
		let listRequests = 0;
		const poller = await proxied(
			{ event: 'incidentUpdated' },
			{
				before: (request) => {
					if (!isList(request.path) || !poller.staticData.cursor) return;
					listRequests++;
					// Between page 1 and page 2 of the draining poll, three incidents of page 1 change:
					// plain offsets would now skip two incidents.
					if (listRequests === 2) {
						moved = [10, 20, 30].map((i) => {
							env.sim.clock.advance(1000);
							return clone(env.sim.updateIncident(burst[i].id, { severity: 'ALERT' }));
						});
					}
				},
			},
		);
		expect(await poller.poll()).toEqual([]);
		env.sim.clock.set(T0 + 5 * MINUTE);
		const burst = Array.from({ length: 250 }, (_, i) =>
			clone(addAt(env.sim, T0 + 5 * MINUTE + i)[0]),
		);
		env.sim.clock.set(T0 + 10 * MINUTE);
		env.sim.clearRequests();

		await poller.poll();

		expect(moved).toHaveLength(3);
		const expected = [...burst, ...moved].map((v) => `${v.id}@${v.updated_at}`);
		expect(poller.delivered).toEqual(expected);
		// The second page shared nothing with the first: the walk restarted at offset 0.
		const offsets = incidentRequests(env.sim).map((r) => r.query.offset);
		expect(offsets.slice(0, 3)).toEqual(['0', '99', '0']);
		expect(await poller.poll()).toEqual([]);
	});

	it('incidents leaving a single-value status filter between two pages hide no other', async () => {
		let listRequests = 0;
		const poller = await proxied(
			{ event: 'newIncident', filters: { status: ['NEW'] } },
			{
				before: (request) => {
					if (!isList(request.path) || !poller.staticData.cursor) return;
					if (++listRequests !== 2) return;
					for (const i of [3, 4, 5])
						env.sim.updateIncident(burst[i].id, { incident_status: 'RESOLVED' });
				},
			},
		);
		expect(await poller.poll()).toEqual([]);
		const burst = Array.from({ length: 230 }, (_, i) =>
			clone(addAt(env.sim, T0 + 5 * MINUTE + i * 10, 1, { incident_status: 'NEW' })[0]),
		);
		env.sim.clock.set(T0 + 10 * MINUTE);

		const items = await poller.poll();

		const resolved = env.sim.state.incidents.filter((i) => i.incident_status === 'RESOLVED');
		expect(ids(resolved)).toEqual(expect.arrayContaining(ids(burst.slice(3, 6))));
		expect(ids(items)).toEqual(ids(burst));
		expect(await poller.poll()).toEqual([]);
	});

	it('incidents inserted late between two pages (the list shifts forward) are delivered once', async () => {
		let listRequests = 0;
		let late: Incident[] = [];
		const poller = await proxied(
			{ event: 'newIncident' },
			{
				before: (request) => {
					if (!isList(request.path) || !poller.staticData.cursor) return;
					if (++listRequests === 2) late = addAt(env.sim, T0 + 5 * MINUTE + 500, 5).map(clone);
				},
			},
		);
		expect(await poller.poll()).toEqual([]);
		const burst = Array.from({ length: 250 }, (_, i) =>
			clone(addAt(env.sim, T0 + 6 * MINUTE + i)[0]),
		);
		env.sim.clock.set(T0 + 10 * MINUTE);

		const first = await poller.poll();
		const second = await poller.poll();

		expect(late).toHaveLength(5);
		expect(ids(first)).toEqual(ids(burst));
		expect(ids(second)).toEqual(ids(late));
		expectNoDuplicates(poller.delivered);
	});
});
