/** What a worker can tell the pool while it runs. */
export interface PoolControl {
	/** A 429 was seen: run half as many tasks at once from now on (never fewer than one). */
	onRateLimit: () => void;
	/** Launch no further tasks; the ones already running finish. */
	stop: () => void;
	/** How many tasks may run at once right now. */
	readonly limit: number;
}

export type PoolOutcome<R> =
	| { status: 'fulfilled'; value: R }
	| { status: 'rejected'; reason: unknown }
	/** Never started because the pool was stopped. */
	| { status: 'skipped' };

export interface PoolOptions {
	/** Stop launching tasks after the first failure (running ones still finish). */
	stopOnError?: boolean;
}

/**
 * Runs `worker` over `inputs` with at most `limit` tasks in flight, halving that bound whenever a
 * worker reports a rate limit. Outcomes come back in input order.
 */
export async function runPool<T, R>(
	inputs: readonly T[],
	limit: number,
	worker: (input: T, index: number, control: PoolControl) => Promise<R>,
	options: PoolOptions = {},
): Promise<Array<PoolOutcome<R>>> {
	let current = Math.max(1, Math.floor(Number.isFinite(limit) ? limit : 1));
	let stopped = false;
	const control: PoolControl = {
		onRateLimit: () => {
			current = Math.max(1, Math.floor(current / 2));
		},
		stop: () => {
			stopped = true;
		},
		get limit() {
			return current;
		},
	};

	const outcomes: Array<PoolOutcome<R>> = inputs.map(() => ({ status: 'skipped' }));
	const inFlight = new Set<Promise<void>>();
	let next = 0;

	while (true) {
		while (!stopped && next < inputs.length && inFlight.size < current) {
			const index = next++;
			// Started inside a promise so a worker that throws synchronously is still just a failure.
			const task: Promise<void> = Promise.resolve()
				.then(async () => await worker(inputs[index], index, control))
				.then((value) => {
					outcomes[index] = { status: 'fulfilled', value };
				})
				.catch((reason: unknown) => {
					outcomes[index] = { status: 'rejected', reason };
					if (options.stopOnError) stopped = true;
				})
				.finally(() => {
					inFlight.delete(task);
				});
			inFlight.add(task);
		}
		if (inFlight.size === 0) break;
		await Promise.race(inFlight);
	}
	return outcomes;
}
