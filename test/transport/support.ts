/**
 * Small helpers shared by the transport tests: what the simulator saw, what the lists should
 * hold (computed from `sim.state`), and a guard that no error of the file carries the token.
 */
import type { IDataObject } from 'n8n-workflow';

import { clearOutbound, outboundUrls, startRecording, stopRecording } from '../helpers/outbound';
import { parseTimestamp } from '../simulator/server';
import type { Incident, Simulator } from '../simulator/server';

export interface ListCall {
	offset: number;
	limit: number;
}

/** limit/offset of every GET the simulator received for `path` (below /api/v2), in order. */
export function listCalls(sim: Simulator, path: string): ListCall[] {
	return sim.requests
		.filter((r) => r.method === 'GET' && r.path === `/api/v2${path}`)
		.map((r) => ({ offset: Number(r.query.offset), limit: Number(r.query.limit) }));
}

/** Calls a server with page size `step` needs for `count` records: floor(count/step) + 1. */
export function expectedCalls(count: number, step = 100, firstLimit = 100): ListCall[] {
	return Array.from({ length: Math.floor(count / step) + 1 }, (_, page) => ({
		offset: page * step,
		limit: page === 0 ? firstLimit : step,
	}));
}

/** The simulator's incidents in Cloudlock's order: by created_at, ties by ascending id. */
export function incidentsIn(sim: Simulator, order: 'created_at' | '-created_at'): Incident[] {
	const sign = order === 'created_at' ? 1 : -1;
	return [...sim.state.incidents].sort((a, b) => {
		const ka = parseTimestamp(a.created_at) ?? 0;
		const kb = parseTimestamp(b.created_at) ?? 0;
		return ka !== kb ? (ka - kb) * sign : Number(a.id) - Number(b.id);
	});
}

export const ids = (records: ReadonlyArray<IDataObject | { id: unknown }>) =>
	records.map((r) => String(r.id));

/**
 * Collects every error a test file produces; after the file, none may contain the token in its
 * message, description or JSON form (the way n8n stores and shows errors).
 */
export function tokenLeakGuard(secret: string) {
	const errors: unknown[] = [];
	afterAll(() => {
		expect(errors.length).toBeGreaterThan(0);
		for (const error of errors) {
			const e = error as { message?: string; description?: string };
			expect(JSON.stringify(error)).not.toContain(secret);
			expect(String(e.message)).not.toContain(secret);
			expect(String(e.description ?? '')).not.toContain(secret);
		}
	});
	return <T>(error: T): T => {
		errors.push(error);
		return error;
	};
}

/**
 * F13: records every HTTP request the file's tests open and, after the file, checks that each
 * one went to the simulator's Base URL and nowhere else.
 */
export function requestsOnlyTo(baseUrl: () => string) {
	let expected = '';
	beforeAll(() => {
		expected = `${baseUrl()}/`;
		startRecording();
		clearOutbound();
	});
	afterAll(() => {
		const urls = outboundUrls();
		stopRecording();
		expect(urls.length).toBeGreaterThan(0);
		expect(urls.filter((url) => !url.startsWith(expected))).toEqual([]);
	});
}
