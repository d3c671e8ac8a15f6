/**
 * Shared wiring for the trigger tests: one simulator per file with a frozen clock, and a
 * `Poller` that runs the trigger through n8n-core's PollContext (test/helpers/engine.ts) with one
 * static-data object across polls, plus a "persisted" copy that follows n8n's default mode
 * (static data reaches the database only with a poll that emitted items).
 */
import type { IDataObject } from 'n8n-workflow';

import { runPoll } from '../helpers/engine';
import type { TestCredentials } from '../helpers/engine';
import type { SimulatorEnv } from '../helpers/simulator';
import type { Incident, RecordedRequest, Simulator } from '../simulator/server';
import { parseTimestamp } from '../simulator/server';

/** The simulator's frozen "now" at the start of every test: 2026-11-30T12:00:00Z. */
export const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface PollOptions {
	credentials?: TestCredentials;
	timezone?: string;
	pollBudgetMs?: number;
	staticDataScope?: 'live' | 'staged';
}

export class Poller {
	readonly staticData: IDataObject = {};

	persisted: IDataObject = {};

	/** Ids (or id@updated_at) of everything emitted, in emission order. */
	readonly delivered: string[] = [];

	constructor(
		private readonly env: SimulatorEnv,
		public parameters: IDataObject,
		private readonly options: PollOptions = {},
	) {}

	/** One poll; returns the emitted incidents (empty when the poll returned null). */
	async poll(options: PollOptions = {}): Promise<IDataObject[]> {
		const result = await runPoll({
			parameters: this.parameters,
			staticData: this.staticData,
			credentials: this.options.credentials ?? this.env.credentials,
			...this.options,
			...options,
		});
		const items = result ? result[0].map((item) => item.json) : [];
		if (result) this.persisted = clone(this.staticData);
		const updated = this.parameters.event === 'incidentUpdated';
		for (const item of items) {
			this.delivered.push(
				updated ? `${String(item.id)}@${String(item.updated_at)}` : String(item.id),
			);
		}
		return items;
	}

	/** n8n restarts: the in-memory static data is gone, the last persisted copy comes back. */
	restart(): void {
		for (const key of Object.keys(this.staticData)) delete this.staticData[key];
		Object.assign(this.staticData, clone(this.persisted));
	}
}

export const micros = (value: string): number => {
	const parsed = parseTimestamp(value);
	if (parsed === null) throw new Error(`not a timestamp: ${value}`);
	return parsed;
};

/** Incidents sorted the way the trigger emits them: by timestamp (as instants), then id. */
export function oldestFirst(
	incidents: Incident[],
	field: 'created_at' | 'updated_at' = 'created_at',
) {
	return [...incidents].sort(
		(a, b) => micros(a[field]) - micros(b[field]) || Number(a.id) - Number(b.id),
	);
}

export const ids = (items: ReadonlyArray<IDataObject | Incident>) =>
	items.map((item) => String(item.id));

export function incidentRequests(sim: Simulator): RecordedRequest[] {
	return sim.requests.filter((r) => r.path === '/api/v2/incidents');
}

/** Expected `created_after` for a lower edge: its minute, minus one second, in UTC. */
export function expectedBound(isoMicros: string): string {
	const ms = Math.floor(micros(isoMicros) / 1000);
	return new Date(ms - (ms % MINUTE) - 1000).toISOString().slice(0, 19);
}

export function addAt(
	sim: Simulator,
	at: number,
	count = 1,
	partial: IDataObject = {},
): Incident[] {
	return sim.addIncidents(count, { ...partial, created_at: at });
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `at` (ms) with extra microseconds, as Cloudlock writes incident timestamps. */
export function withMicros(at: number, extraMicros: number): string {
	const iso = new Date(at).toISOString();
	return `${iso.slice(0, 23)}${String(extraMicros).padStart(3, '0')}+00:00`;
}

/** Every simulator setting the `*_after` comparison can have (afterInclusive × timePrecision). */
export const AFTER_SEMANTICS = [true, false].flatMap((afterInclusive) =>
	(['micro', 'milli', 'second', 'minute'] as const).map((timePrecision) => ({
		afterInclusive,
		timePrecision,
	})),
);

export function expectNoDuplicates(values: string[]): void {
	expect(values.length).toBe(new Set(values).size);
}
