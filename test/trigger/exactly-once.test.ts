import type { Incident } from '../simulator/server';
import { fastRetries, useSimulator } from '../helpers/simulator';
import {
	addAt,
	AFTER_SEMANTICS,
	clone,
	expectedBound,
	expectNoDuplicates,
	ids,
	incidentRequests,
	MINUTE,
	oldestFirst,
	Poller,
	rng,
	T0,
	withMicros,
} from './helpers';

const env = useSimulator({ now: T0, freezeClock: true });
fastRetries();

const NEW = { event: 'newIncident' };

/** Seeds a trigger, then delivers one incident 30 minutes later so the window holds no history. */
async function warmedUp(parameters = NEW): Promise<{ poller: Poller; first: Incident }> {
	const poller = new Poller(env, parameters);
	expect(await poller.poll()).toEqual([]);
	env.sim.clock.set(T0 + 30 * MINUTE);
	const [first] = addAt(env.sim, T0 + 30 * MINUTE);
	expect(ids(await poller.poll())).toEqual([first.id]);
	return { poller, first };
}

describe.each(AFTER_SEMANTICS)(
	'server compares *_after inclusive=$afterInclusive at $timePrecision precision',
	(semantics) => {
		beforeEach(() => env.sim.setOptions(semantics));

		it('F3 incidents sharing one created_at, split across polls, are each emitted once', async () => {
			const { poller } = await warmedUp();
			const minuteMark = T0 + 40 * MINUTE;
			const exact = withMicros(T0 + 41 * MINUTE + 250, 123);
			const a = addAt(env.sim, minuteMark, 3);
			const b = env.sim.addIncidents(2, { created_at: exact });
			expect(ids(await poller.poll())).toEqual(ids([...a, ...b]));

			const c = addAt(env.sim, minuteMark, 4);
			const d = env.sim.addIncidents(3, { created_at: exact });
			expect(ids(await poller.poll())).toEqual(ids([...c, ...d]));
			expect(await poller.poll()).toEqual([]);
		});

		it('more than 100 incidents between two polls arrive in one poll, paged, oldest first', async () => {
			const { poller, first } = await warmedUp();
			const tied = addAt(env.sim, T0 + 45 * MINUTE, 120);
			const spread = Array.from(
				{ length: 130 },
				(_, i) => addAt(env.sim, T0 + 46 * MINUTE + i * 100)[0],
			);
			const floor = String(poller.staticData.floor);
			env.sim.clearRequests();

			const items = await poller.poll();

			expect(ids(items)).toEqual(ids([...tied, ...spread]));
			// 251 rows (the warm-up incident + 250): pages overlap by one incident.
			expect(incidentRequests(env.sim).map((r) => r.query)).toEqual(
				[0, 99, 198].map((offset) => ({
					order: 'created_at',
					count_total: 'false',
					created_after: expectedBound(floor),
					limit: '100',
					offset: String(offset),
				})),
			);
			expect(first.id).not.toBe(items[0].id);
		});

		it('4 an incident that becomes visible late with an earlier created_at is delivered once', async () => {
			const { poller, first } = await warmedUp();
			const cursor = T0 + 30 * MINUTE;
			const late = addAt(env.sim, cursor - 3 * MINUTE);
			const tooLate = addAt(env.sim, cursor - 30 * MINUTE);
			expect(ids(await poller.poll())).toEqual(ids(late));
			expect(await poller.poll()).toEqual([]);

			// A cursor off the minute: the window's lower edge (cursor − 10 min) is mid-minute too,
			// and an incident just above it must come back even under minute precision with `>`.
			const offMinute = T0 + 35 * MINUTE + 30_000;
			const next = addAt(env.sim, offMinute);
			expect(ids(await poller.poll())).toEqual(ids(next));
			expect(poller.staticData.floor).toBe('2026-11-30T12:25:30.000000Z');
			const atEdge = addAt(env.sim, offMinute - 10 * MINUTE + 10_000);
			const belowEdge = addAt(env.sim, offMinute - 10 * MINUTE - 1);
			expect(ids(await poller.poll())).toEqual(ids(atEdge));
			expect(await poller.poll()).toEqual([]);

			expect(poller.delivered).toEqual(ids([first, ...late, ...next, ...atEdge]));
			// Older than the 10-minute late-arrival window: documented as not caught.
			expect(poller.delivered).not.toContain(tooLate[0].id);
			expect(poller.delivered).not.toContain(belowEdge[0].id);
		});

		it('F1 poll() twice back-to-back on the same state emits each incident once in total', async () => {
			const { poller } = await warmedUp();
			const batch = addAt(env.sim, T0 + 31 * MINUTE, 5);
			expect(ids(await poller.poll())).toEqual(ids(batch));
			expect(await poller.poll()).toEqual([]);

			const more = addAt(env.sim, T0 + 32 * MINUTE, 3);
			const [one, two] = await Promise.all([poller.poll(), poller.poll()]);
			expect(ids([...one, ...two])).toEqual(ids(more));
		});

		it('F7 an empty poll keeps the dedup state', async () => {
			const { poller } = await warmedUp();
			const batch = addAt(env.sim, T0 + 31 * MINUTE, 4);
			expect(ids(await poller.poll())).toEqual(ids(batch));
			const before = clone(poller.staticData);
			expect(Object.values(before.seen as object).flat()).toEqual(
				expect.arrayContaining(ids(batch)),
			);

			expect(await poller.poll()).toEqual([]);
			expect(poller.staticData).toEqual(before);
			expect(await poller.poll()).toEqual([]);
		});

		it('traffic over 12 polls with ties and late arrivals delivers every incident once', async () => {
			const poller = new Poller(env, NEW);
			expect(await poller.poll()).toEqual([]);
			const random = rng(42);
			const added: Incident[] = [];
			for (let round = 0; round < 12; round++) {
				env.sim.clock.advance(30_000 + Math.floor(random() * 60_000));
				const now = env.sim.clock.now();
				const count = Math.floor(random() * 25);
				for (let i = 0; i < count; i++) {
					const r = random();
					if (r < 0.3 && added.length) {
						added.push(env.sim.addIncident({ created_at: added[added.length - 1].created_at }));
					} else if (r < 0.45) {
						added.push(addAt(env.sim, now - Math.floor(random() * 5 * MINUTE))[0]);
					} else {
						const at = now - Math.floor(random() * 1000);
						added.push(
							env.sim.addIncident({ created_at: withMicros(at, Math.floor(random() * 1000)) }),
						);
					}
				}
				const items = await poller.poll();
				expect(ids(items)).toEqual(ids(oldestFirst(items as unknown as Incident[])));
			}
			expect(await poller.poll()).toEqual([]);
			expectNoDuplicates(poller.delivered);
			expect([...poller.delivered].sort()).toEqual(ids(added).sort());
		});

		it('New or Updated Incident fires again on a change and never on an unchanged re-read', async () => {
			const { poller, first } = await warmedUp({ event: 'incidentUpdated' });
			const created = clone(first);
			expect(await poller.poll()).toEqual([]);

			env.sim.clock.advance(MINUTE);
			const resolved = clone(env.sim.updateIncident(first.id, { incident_status: 'RESOLVED' }));
			expect(await poller.poll()).toEqual([resolved]);
			expect(await poller.poll()).toEqual([]);

			env.sim.clock.advance(MINUTE);
			const raised = clone(env.sim.updateIncident(first.id, { severity: 'CRITICAL' }));
			expect(await poller.poll()).toEqual([raised]);
			expect(await poller.poll()).toEqual([]);
			expect(poller.delivered).toEqual(
				[created, resolved, raised].map((version) => `${version.id}@${version.updated_at}`),
			);
			expect(new Set([created, resolved, raised].map((v) => v.updated_at)).size).toBe(3);
		});
	},
);
