import type { IDataObject } from 'n8n-workflow';

import { fastRetries, useSimulator } from '../helpers/simulator';
import {
	addAt,
	expectedBound,
	expectNoDuplicates,
	ids,
	incidentRequests,
	MINUTE,
	Poller,
	T0,
} from './helpers';

const env = useSimulator({ now: T0, freezeClock: true });
fastRetries();

/** Offsets one walk requests for `rows` incidents: pages of 100 overlapping by one. */
function walkOffsets(rows: number): string[] {
	const out = [0];
	let got = Math.min(100, rows);
	let read = got;
	while (got === 100) {
		const offset = read - 1;
		out.push(offset);
		got = Math.min(100, rows - offset);
		read = offset + got;
	}
	return out.map(String);
}

async function warmedUp(parameters: IDataObject = { event: 'newIncident' }) {
	const poller = new Poller(env, parameters);
	expect(await poller.poll()).toEqual([]);
	const first = addAt(env.sim, T0 + 30 * MINUTE, 1, { severity: 'CRITICAL' });
	expect(ids(await poller.poll())).toEqual(ids(first));
	return poller;
}

describe('a burst of 5,000 new incidents between two polls', () => {
	it('is delivered completely and once by the next poll, oldest first', async () => {
		const poller = await warmedUp();
		const floor = String(poller.staticData.floor);
		env.sim.clock.set(T0 + 40 * MINUTE);
		const burst = env.sim.addIncidents(5000);
		env.sim.clearRequests();

		const items = await poller.poll();

		expect(ids(items)).toEqual(ids(burst));
		const requests = incidentRequests(env.sim);
		expect(requests.map((r) => r.query.offset)).toEqual(walkOffsets(5001));
		expect(new Set(requests.map((r) => r.query.created_after))).toEqual(
			new Set([expectedBound(floor)]),
		);
		expect(await poller.poll()).toEqual([]);
		expectNoDuplicates(poller.delivered);
	});

	it('with two severities chosen, delivers exactly the matching ones (filtered here)', async () => {
		const poller = await warmedUp({
			event: 'newIncident',
			filters: { severity: ['CRITICAL', 'ALERT'] },
		});
		env.sim.clock.set(T0 + 40 * MINUTE);
		const burst = env.sim.addIncidents(5000);
		const matching = burst.filter((i) => i.severity === 'CRITICAL' || i.severity === 'ALERT');
		expect(matching.length).toBeGreaterThan(0);
		expect(matching.length).toBeLessThan(5000);

		expect(ids(await poller.poll())).toEqual(ids(matching));
		expect(await poller.poll()).toEqual([]);
	});

	it('with a poll budget, each poll stops early and the next continues where it stopped', async () => {
		const poller = await warmedUp();
		env.sim.clock.set(T0 + 40 * MINUTE);
		const burst = env.sim.addIncidents(5000);
		env.sim.setLatency(30);
		const budget = { pollBudgetMs: 400 };

		let resume = undefined as IDataObject | undefined;
		const perPoll: number[] = [];
		for (let poll = 0; poll < 40; poll++) {
			env.sim.clearRequests();
			const items = await poller.poll(budget);
			const requests = incidentRequests(env.sim);
			if (resume) {
				// Continues the stopped walk: same bound, one position back from where it stopped.
				expect(requests[0].query).toMatchObject({
					offset: String(Number(resume.offset) - 1),
					created_after: expectedBound(String(resume.after)),
				});
			}
			if (!items.length) break;
			perPoll.push(items.length);
			resume = poller.staticData.resume as IDataObject | undefined;
			if (!resume) break;
		}

		expect(perPoll.length).toBeGreaterThan(1);
		expect(perPoll[0]).toBeLessThan(5000);
		expect(poller.staticData.resume).toBeUndefined();
		expect(poller.delivered.slice(1)).toEqual(ids(burst));
		expectNoDuplicates(poller.delivered);
	});

	it('a restart between budget-limited polls loses and doubles nothing', async () => {
		const poller = await warmedUp();
		env.sim.clock.set(T0 + 40 * MINUTE);
		const burst = env.sim.addIncidents(1500);
		env.sim.setLatency(30);

		for (let poll = 0; poll < 40; poll++) {
			const items = await poller.poll({ pollBudgetMs: 300 });
			poller.restart();
			if (!items.length) break;
		}

		expect(poller.delivered.slice(1)).toEqual(ids(burst));
		expectNoDuplicates(poller.delivered);
	});
});
