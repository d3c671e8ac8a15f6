import type { IDataObject } from 'n8n-workflow';

import type { Incident } from '../simulator/server';
import { fastRetries, useSimulator } from '../helpers/simulator';
import { triggerSettings } from '../../nodes/CiscoCloudlockTrigger/state';
import {
	addAt,
	clone,
	expectNoDuplicates,
	HOUR,
	ids,
	incidentRequests,
	micros,
	MINUTE,
	oldestFirst,
	Poller,
	T0,
} from './helpers';

const env = useSimulator({ now: T0, freezeClock: true });
fastRetries();

const NEW = { event: 'newIncident' };
const seenIds = (staticData: IDataObject) => Object.values(staticData.seen as object).flat();

describe('first activation', () => {
	it('F2 with empty state the first poll replays no history', async () => {
		expect(env.sim.state.incidents.length).toBe(400);
		const poller = new Poller(env, NEW);
		expect(await poller.poll()).toEqual([]);
		// One probe for the newest incident, then the late-arrival window below it.
		const [probe, walk] = incidentRequests(env.sim).map((r) => r.query);
		expect(probe).toEqual({ order: '-created_at', count_total: 'false', limit: '1', offset: '0' });
		expect(walk.order).toBe('created_at');
		expect(await poller.poll()).toEqual([]);

		env.sim.clock.advance(MINUTE);
		const fresh = addAt(env.sim, T0 + MINUTE, 2);
		expect(ids(await poller.poll())).toEqual(ids(fresh));
		expect(poller.delivered).toEqual(ids(fresh));
	});

	it('F4 when the stored state is lost, nothing older than the start window is emitted', async () => {
		const poller = new Poller(env, NEW);
		await poller.poll();
		addAt(env.sim, T0 + MINUTE, 3);
		expect(await poller.poll()).toHaveLength(3);

		for (const key of Object.keys(poller.staticData)) delete poller.staticData[key];
		expect(await poller.poll()).toEqual([]);
		expect(await poller.poll()).toEqual([]);
		const fresh = addAt(env.sim, T0 + 2 * MINUTE);
		expect(ids(await poller.poll())).toEqual(ids(fresh));
	});

	it('9 Replay emits exactly the matching incidents of the last N hours, once', async () => {
		// Replay counts back from this host's clock: give the simulator real time.
		env.sim.reset({ now: Date.now() });
		const hours = 72;
		const edge = Date.now() - hours * HOUR;
		// Keep the test independent of the milliseconds between here and the poll.
		const state = env.sim.state;
		state.incidents = state.incidents.filter(
			(i) => Math.abs(micros(i.created_at) / 1000 - edge) > 5 * MINUTE,
		);
		const severities = ['WARNING', 'CRITICAL'];
		const expected = oldestFirst(
			state.incidents.filter(
				(i) => micros(i.created_at) / 1000 >= edge && severities.includes(i.severity),
			),
		);
		expect(expected.length).toBeGreaterThan(3);

		const poller = new Poller(env, {
			event: 'newIncident',
			filters: { severity: severities },
			options: { firstActivation: 'replay', replayHours: hours },
		});
		expect(ids(await poller.poll())).toEqual(ids(expected));
		expect(await poller.poll()).toEqual([]);
		expect(incidentRequests(env.sim).every((r) => r.query.severity === undefined)).toBe(true);
	});

	it('changing the event starts over as a first activation', async () => {
		const poller = new Poller(env, NEW);
		await poller.poll();
		addAt(env.sim, T0 + MINUTE);
		expect(await poller.poll()).toHaveLength(1);

		poller.parameters = { event: 'incidentUpdated' };
		expect(await poller.poll()).toEqual([]);
		expect(poller.staticData.event).toBe('incidentUpdated');
		env.sim.clock.advance(2 * MINUTE);
		const changed = clone(
			env.sim.updateIncident(env.sim.state.incidents[5].id, { severity: 'ALERT' }),
		);
		expect(await poller.poll()).toEqual([changed]);
	});
});

describe('8 stored state stays bounded', () => {
	it('8 over 200 polls with traffic the seen set holds only the late-arrival window', async () => {
		const poller = new Poller(env, NEW);
		await poller.poll();
		const added: Incident[] = [];
		let largest = 0;
		for (let round = 1; round <= 200; round++) {
			env.sim.clock.set(T0 + round * MINUTE);
			added.push(...addAt(env.sim, T0 + round * MINUTE, 3));
			expect(await poller.poll()).toHaveLength(3);
			const floor = micros(String(poller.staticData.floor));
			// Exactly the incidents at or above the floor (10 min below the newest): delivered ones,
			// and at first the history remembered at activation.
			const inWindow = env.sim.state.incidents.filter((i) => micros(i.created_at) >= floor);
			expect(seenIds(poller.staticData).sort()).toEqual(ids(inWindow).sort());
			largest = Math.max(largest, JSON.stringify(poller.staticData).length);
		}
		expect(seenIds(poller.staticData)).toHaveLength(33);
		expect(largest).toBeLessThan(2000);
		expectNoDuplicates(poller.delivered);
		expect(poller.delivered).toEqual(ids(added));
	});

	it('8 past the cap the oldest timestamps are forgotten and the floor rises; nothing repeats', async () => {
		const saved = triggerSettings.seenCap;
		triggerSettings.seenCap = 50;
		try {
			const poller = new Poller(env, NEW);
			await poller.poll();
			env.sim.clock.set(T0 + 30 * MINUTE);
			const burst = Array.from(
				{ length: 120 },
				(_, i) => addAt(env.sim, T0 + 30 * MINUTE + i * 1000)[0],
			);
			expect(ids(await poller.poll())).toEqual(ids(burst));

			expect(seenIds(poller.staticData)).toEqual(ids(burst.slice(70)));
			expect(poller.staticData.floor).toBe(
				new Date(micros(burst[70].created_at) / 1000).toISOString().replace('Z', '000Z'),
			);
			expect(await poller.poll()).toEqual([]);
			// A late arrival below the raised floor is not caught (documented); one above it is.
			const below = addAt(env.sim, T0 + 30 * MINUTE + 5000);
			const above = addAt(env.sim, T0 + 30 * MINUTE + 100_500);
			expect(ids(await poller.poll())).toEqual(ids(above));
			expect(poller.delivered).not.toContain(below[0].id);
			expectNoDuplicates(poller.delivered);
		} finally {
			triggerSettings.seenCap = saved;
		}
	});

	it('8 the newest timestamp is never dropped, even when it alone exceeds the cap', async () => {
		const saved = triggerSettings.seenCap;
		triggerSettings.seenCap = 50;
		try {
			const poller = new Poller(env, NEW);
			await poller.poll();
			env.sim.clock.set(T0 + 30 * MINUTE);
			const tied = addAt(env.sim, T0 + 30 * MINUTE, 80);
			expect(ids(await poller.poll())).toEqual(ids(tied));
			expect(seenIds(poller.staticData)).toHaveLength(80);
			const more = addAt(env.sim, T0 + 30 * MINUTE, 5);
			expect(ids(await poller.poll())).toEqual(ids(more));
		} finally {
			triggerSettings.seenCap = saved;
		}
	});
});

describe('10 restarts (n8n saves static data only with a poll that emitted items)', () => {
	it('10 a restart after deliveries loses and doubles nothing', async () => {
		// Two severities: filtered here, so polls that only meet INFO incidents return null while
		// their cursor, floor and pruning move on in memory only.
		const poller = new Poller(env, {
			event: 'newIncident',
			filters: { severity: ['ALERT', 'CRITICAL'] },
		});
		await poller.poll();
		const wanted: Incident[] = [];
		let diverged = 0;
		for (let round = 1; round <= 40; round++) {
			const now = T0 + round * 4 * MINUTE;
			env.sim.clock.set(now);
			const severity = round % 3 === 0 ? 'INFO' : round % 2 ? 'CRITICAL' : 'ALERT';
			const batch = addAt(env.sim, now - (round % 2) * MINUTE, 1 + (round % 3), { severity });
			if (round % 5 === 0)
				batch.push(...addAt(env.sim, now - 7 * MINUTE, 2, { severity: 'ALERT' }));
			wanted.push(...batch.filter((i) => i.severity !== 'INFO'));
			await poller.poll();
			if (JSON.stringify(poller.staticData) !== JSON.stringify(poller.persisted)) diverged++;
			if (round % 3 === 0 || round % 7 === 0) poller.restart();
		}
		await poller.poll();
		expect(diverged).toBeGreaterThan(5);
		expectNoDuplicates(poller.delivered);
		expect([...poller.delivered].sort()).toEqual(ids(wanted).sort());
	});

	it('10 a restart before the first delivery takes the seed again: incidents in between are skipped', async () => {
		const poller = new Poller(env, NEW);
		expect(await poller.poll()).toEqual([]);
		expect(poller.persisted).toEqual({});
		env.sim.clock.advance(MINUTE);
		const between = addAt(env.sim, T0 + MINUTE);

		poller.restart();
		expect(poller.staticData).toEqual({});
		expect(await poller.poll()).toEqual([]);
		const after = addAt(env.sim, T0 + 2 * MINUTE);
		expect(ids(await poller.poll())).toEqual(ids(after));
		expect(poller.delivered).toEqual(ids(after));
		expect(poller.delivered).not.toContain(between[0].id);
	});

	it('10 with Replay, a restart before the first delivery still delivers incidents in between', async () => {
		env.sim.reset({ now: Date.now() - 10 * HOUR });
		env.sim.clock.set(Date.now());
		const poller = new Poller(env, {
			event: 'newIncident',
			options: { firstActivation: 'replay', replayHours: 1 },
		});
		expect(await poller.poll()).toEqual([]);
		const between = addAt(env.sim, Date.now());

		poller.restart();
		expect(ids(await poller.poll())).toEqual(ids(between));
		expect(await poller.poll()).toEqual([]);
	});

	it('10 the durable-cursor (staged) scope delivers each incident once, restarts included', async () => {
		const poller = new Poller(env, NEW, { staticDataScope: 'staged' });
		await poller.poll();
		const added: Incident[] = [];
		for (let round = 1; round <= 6; round++) {
			env.sim.clock.set(T0 + round * MINUTE);
			added.push(...addAt(env.sim, T0 + round * MINUTE, round % 3));
			await poller.poll();
			// Durable cursors commit empty polls too: "persisted" is what the scope wrote back.
			poller.persisted = clone(poller.staticData);
			poller.restart();
		}
		expect(poller.delivered).toEqual(ids(added));
	});
});
