import { sleep } from 'n8n-workflow';

import { runPool } from '../../nodes/CiscoCloudlock/helpers/concurrency';

/** A task that resolves when the test says so, so the pool's bookkeeping is observed exactly. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

const settle = async () => await sleep(0);

describe('runPool', () => {
	it('keeps at most `limit` tasks in flight and returns outcomes in input order', async () => {
		const gates = [gate(), gate(), gate(), gate(), gate()];
		const started: number[] = [];
		const pool = runPool([0, 1, 2, 3, 4], 2, async (n) => {
			started.push(n);
			await gates[n].opened;
			return n * 10;
		});
		await settle();
		expect(started).toEqual([0, 1]);
		gates[1].open();
		await settle();
		expect(started).toEqual([0, 1, 2]);
		gates[0].open();
		gates[2].open();
		await settle();
		expect(started).toEqual([0, 1, 2, 3, 4]);
		gates[3].open();
		gates[4].open();
		expect(await pool).toEqual(
			[0, 10, 20, 30, 40].map((value) => ({ status: 'fulfilled', value })),
		);
	});

	it('halves the bound on each rate limit, never below one', async () => {
		const limits: number[] = [];
		await runPool([1, 2, 3, 4, 5, 6], 8, async (n, _i, control) => {
			if (n <= 4) control.onRateLimit();
			limits.push(control.limit);
		});
		expect(limits).toEqual([4, 2, 1, 1, 1, 1]);
	});

	it('runs everything after a failure unless told to stop', async () => {
		const outcomes = await runPool([1, 2, 3], 1, async (n) => {
			if (n === 2) throw new Error('boom');
			return n;
		});
		expect(outcomes).toEqual([
			{ status: 'fulfilled', value: 1 },
			{ status: 'rejected', reason: new Error('boom') },
			{ status: 'fulfilled', value: 3 },
		]);
	});

	it('with stopOnError launches nothing after the first failure', async () => {
		const started: number[] = [];
		const outcomes = await runPool(
			[1, 2, 3, 4],
			1,
			async (n) => {
				started.push(n);
				if (n === 2) throw new Error('boom');
				return n;
			},
			{ stopOnError: true },
		);
		expect(started).toEqual([1, 2]);
		expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'skipped', 'skipped']);
	});

	it('treats a worker that throws synchronously as a failed task', async () => {
		const outcomes = await runPool([1], 1, ((): Promise<number> => {
			throw new Error('sync');
		}) as () => Promise<number>);
		expect(outcomes).toEqual([{ status: 'rejected', reason: new Error('sync') }]);
	});

	it('handles an empty input and a nonsense limit', async () => {
		expect(await runPool([], 4, async () => 1)).toEqual([]);
		expect(await runPool([1, 2], Number.NaN, async (n) => n)).toEqual([
			{ status: 'fulfilled', value: 1 },
			{ status: 'fulfilled', value: 2 },
		]);
	});
});
