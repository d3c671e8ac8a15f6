import { NodeApiError } from 'n8n-workflow';

import type { Fault } from '../simulator/server';
import { fastRetries, useSimulator } from '../helpers/simulator';
import { transportSettings } from '../../nodes/CiscoCloudlock/transport';
import { triggerSettings } from '../../nodes/CiscoCloudlockTrigger/state';
import {
	addAt,
	clone,
	expectNoDuplicates,
	ids,
	incidentRequests,
	MINUTE,
	Poller,
	T0,
} from './helpers';

const env = useSimulator({ now: T0, freezeClock: true });
fastRetries({ timeoutMs: 500 });

const list = { method: 'GET', path: '/incidents' };
const attempts = transportSettings.maxRetries + 1;

/** Each fault kind as the transport finally reports it (after its own retries). */
const FAULTS: Array<{ name: string; fault: Fault; message: string }> = [
	{
		name: '429 after retries',
		fault: { kind: 'status', status: 429, times: attempts, match: list },
		message: `Cloudlock's rate limit was hit (HTTP 429) and the request still failed after ${attempts} attempts (GET /incidents)`,
	},
	{
		name: '500',
		fault: { kind: 'status', status: 500, match: list },
		message: 'Cloudlock had a server error (HTTP 500, GET /incidents): Internal server error',
	},
	{
		name: '503 after retries',
		fault: { kind: 'status', status: 503, times: attempts, match: list },
		message: `Cloudlock had a server error (HTTP 503, GET /incidents) after ${attempts} attempts: Service unavailable`,
	},
	{
		name: 'timeout',
		fault: { kind: 'slow', ms: 1500, match: list },
		message: 'Cloudlock did not answer in time (GET /incidents)',
	},
	{
		name: 'connection reset after retries',
		fault: { kind: 'reset', times: attempts, match: list },
		message: `The connection to Cloudlock failed after ${attempts} attempts (GET /incidents)`,
	},
];

/** Lets `page − 1` list requests through untouched, then fails the next one. */
function failPage(page: number, fault: Fault): void {
	const pass: Fault[] = page > 1 ? [{ kind: 'slow', ms: 0, times: page - 1, match: list }] : [];
	env.sim.injectFaults([...pass, fault]);
}

async function withBacklog() {
	const poller = new Poller(env, { event: 'newIncident' });
	expect(await poller.poll()).toEqual([]);
	// 30 minutes after the seeded history, so the late-arrival window holds none of it.
	const first = addAt(env.sim, T0 + 30 * MINUTE);
	expect(ids(await poller.poll())).toEqual(ids(first));
	// 250 waiting: three pages.
	const backlog = Array.from(
		{ length: 250 },
		(_, i) => addAt(env.sim, T0 + 31 * MINUTE + i * 10)[0],
	);
	return { poller, backlog };
}

describe.each(FAULTS)('F10 $name', ({ fault, message }) => {
	it.each([1, 2, 3])(
		'F10 on page %i of a poll leaves the stored state as it was; the next poll delivers all',
		async (page) => {
			const { poller, backlog } = await withBacklog();
			const before = clone(poller.staticData);
			failPage(page, fault);

			const failed = poller.poll();
			await expect(failed).rejects.toBeInstanceOf(NodeApiError);
			await expect(failed).rejects.toThrow(message);
			expect(poller.staticData).toEqual(before);

			env.sim.clearFaults();
			expect(ids(await poller.poll())).toEqual(ids(backlog));
			expect(await poller.poll()).toEqual([]);
			expectNoDuplicates(poller.delivered);
		},
	);
});

describe('errors at the edges of the state', () => {
	it('F10 a failing first activation creates no stored state at all', async () => {
		const poller = new Poller(env, { event: 'newIncident' });
		env.sim.injectFault({ kind: 'status', status: 500, match: list });
		await expect(poller.poll()).rejects.toThrow(
			'Cloudlock had a server error (HTTP 500, GET /incidents): Internal server error',
		);
		expect(poller.staticData).toEqual({});
	});

	it('F10 a failure while continuing a budget-stopped poll keeps its resume point', async () => {
		const saved = triggerSettings.maxPagesPerPoll;
		triggerSettings.maxPagesPerPoll = 1;
		try {
			const { poller, backlog } = await withBacklog();
			// Page 1: the incident delivered before plus the first 99 of the backlog.
			const part = await poller.poll();
			expect(ids(part)).toEqual(ids(backlog.slice(0, 99)));
			const before = clone(poller.staticData);
			expect(before.resume).toMatchObject({ offset: 100 });

			env.sim.injectFault({ kind: 'status', status: 500, match: list });
			await expect(poller.poll()).rejects.toThrow('HTTP 500');
			expect(poller.staticData).toEqual(before);

			env.sim.clearRequests();
			// Page 2 starts one position back (offset 99) to prove nothing shifted.
			expect(ids(await poller.poll())).toEqual(ids(backlog.slice(99, 198)));
			expect(incidentRequests(env.sim).map((r) => r.query.offset)).toEqual(['99']);
		} finally {
			triggerSettings.maxPagesPerPoll = saved;
		}
	});

	it('a server that ignores offset ends the poll with a clear error and an unchanged state', async () => {
		const { poller } = await withBacklog();
		const before = clone(poller.staticData);
		env.sim.setOptions({ ignoreOffset: true });
		await expect(poller.poll()).rejects.toThrow(
			'Cloudlock returned the same incidents again for a later offset of GET /incidents; it seems to ignore the offset parameter, so the trigger stopped instead of looping',
		);
		expect(poller.staticData).toEqual(before);
	});

	it('F10 the staged (durable cursor) scope keeps the stored state on an error too', async () => {
		const { poller, backlog } = await withBacklog();
		const before = clone(poller.staticData);
		failPage(2, { kind: 'status', status: 500, match: list });
		await expect(poller.poll({ staticDataScope: 'staged' })).rejects.toThrow('HTTP 500');
		expect(poller.staticData).toEqual(before);
		expect(ids(await poller.poll({ staticDataScope: 'staged' }))).toEqual(ids(backlog));
	});
});
