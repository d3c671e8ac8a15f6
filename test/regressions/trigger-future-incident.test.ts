/**
 * One incident stamped far in the future (a Cloudlock data bug, a test record, a clock jump)
 * used to lift the trigger's cursor and window to that date: every real incident after it was
 * below the window and the trigger never fired again — silently.
 */
import { triggerSettings } from '../../nodes/CiscoCloudlockTrigger/state';
import { fastRetries, useSimulator } from '../helpers/simulator';
import { addAt, ids, incidentRequests, MINUTE, Poller, T0 } from '../trigger/helpers';

const env = useSimulator({ now: T0, freezeClock: true });
fastRetries();

const FAR_FUTURE = Date.UTC(2099, 0, 1);

describe('a far-future incident does not blind the trigger', () => {
	it('it is delivered once, and later real incidents still are', async () => {
		const poller = new Poller(env, { event: 'newIncident' });
		expect(await poller.poll()).toEqual([]);

		env.sim.clock.advance(MINUTE);
		const future = addAt(env.sim, FAR_FUTURE);
		expect(ids(await poller.poll())).toEqual(ids(future));

		env.sim.clock.advance(MINUTE);
		const fresh = addAt(env.sim, T0 + 2 * MINUTE, 2);
		expect(ids(await poller.poll())).toEqual(ids(fresh));

		env.sim.clock.advance(MINUTE);
		const later = addAt(env.sim, T0 + 3 * MINUTE);
		expect(ids(await poller.poll())).toEqual(ids(later));
		expect(await poller.poll()).toEqual([]);
		expect(poller.delivered).toEqual(ids([...future, ...fresh, ...later]));
	});

	it('on first activation it is taken as old, and the start point is the newest real incident', async () => {
		const future = addAt(env.sim, FAR_FUTURE);
		const newestReal = [...env.sim.state.incidents]
			.filter((incident) => incident.id !== future[0].id)
			.sort((a, b) => (a.created_at < b.created_at ? 1 : -1))[0];
		const poller = new Poller(env, { event: 'newIncident' });
		const before = Date.now();
		expect(await poller.poll()).toEqual([]);
		const after = Date.now();
		expect(poller.staticData.cursor).toBe(
			`${new Date(newestReal.created_at).toISOString().slice(0, 19)}.${newestReal.created_at.slice(20, 26)}Z`,
		);

		env.sim.clock.advance(MINUTE);
		const fresh = addAt(env.sim, T0 + MINUTE, 2);
		expect(ids(await poller.poll())).toEqual(ids(fresh));
		expect(await poller.poll()).toEqual([]);
		expect(poller.delivered).toEqual(ids(fresh));
		// The start-from-now probe, then a second one below the horizon (host clock + tolerance).
		const probes = incidentRequests(env.sim)
			.map((r) => r.query)
			.filter((q) => q.order === '-created_at');
		expect(probes.map((q) => q.created_before === undefined)).toEqual([true, false]);
		const horizon = Date.parse(`${probes[1].created_before}Z`);
		const tolerance = triggerSettings.futureToleranceMs;
		expect(horizon).toBeGreaterThanOrEqual(Math.floor((before + tolerance) / 1000) * 1000);
		expect(horizon).toBeLessThanOrEqual(after + tolerance);
	});
});
