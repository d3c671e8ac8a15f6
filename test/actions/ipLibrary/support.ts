/**
 * Helpers for the IP library tests: what the simulator received, and lookups in its live state
 * (expected values come from `sim.state`, never from the node's own code).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { IpEntry, IpLibrary, RecordedRequest, Simulator } from '../../simulator/server';

export interface Sent {
	method: string;
	path: string;
	query: Record<string, string>;
	body?: unknown;
}

export function sent(sim: Simulator): Sent[] {
	return sim.requests.map((r: RecordedRequest) => {
		const out: Sent = { method: r.method, path: r.path, query: r.query };
		if (r.body !== undefined) out.body = r.body;
		return out;
	});
}

/** GETs of the whole library (no search term): the one read the operations may do. */
export const libraryWalk = (sim: Simulator, library: IpLibrary) =>
	sent(sim).filter((r) => r.method === 'GET' && r.path === `/api/v2/ip/${library}` && !r.query.q);

export const searches = (sim: Simulator, library: IpLibrary) =>
	sent(sim)
		.filter((r) => r.method === 'GET' && r.path === `/api/v2/ip/${library}` && r.query.q)
		.map((r) => r.query.q);

export const posts = (sim: Simulator, library: IpLibrary) =>
	sent(sim)
		.filter((r) => r.method === 'POST' && r.path === `/api/v2/ip/${library}`)
		.map((r) => r.body as IDataObject);

/** The page requests a walk of `count` entries takes: floor(count / 100) + 1. */
export const walkQueries = (count: number) =>
	Array.from({ length: Math.floor(count / 100) + 1 }, (_, page) => ({
		limit: '100',
		offset: String(page * 100),
	}));

/**
 * Add IPs confirms its writes per library with one fresh walk of the library when that takes no
 * more requests than one search per sent address: a walk of the library as it should be
 * afterwards (`sizeAtRead + sentCount` entries) takes ceil((that + 1) / 100) pages.
 */
export const confirmsByWalk = (sizeAtRead: number, sentCount: number) =>
	Math.ceil((sizeAtRead + sentCount + 1) / 100) <= sentCount;

/** Grows a library with fillLibrary() to exactly `size` entries. */
export function libraryOfSize(sim: Simulator, library: IpLibrary, size: number): number {
	const missing = size - sim.state.ip[library].length;
	if (missing < 0)
		throw new Error(`The ${library} library already holds more than ${size} entries`);
	fillLibrary(sim, library, missing);
	return sim.state.ip[library].length;
}

export function entriesFor(sim: Simulator, library: IpLibrary, ip: string): IpEntry[] {
	return sim.state.ip[library].filter((e) => e.ip_address === ip);
}

/** The one entry the library holds for `ip` (fails the test if there is not exactly one). */
export function entryFor(sim: Simulator, library: IpLibrary, ip: string): IpEntry {
	const found = entriesFor(sim, library, ip);
	if (found.length !== 1)
		throw new Error(`Expected one ${library} entry for ${ip}, found ${found.length}`);
	return found[0];
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const pairsOf = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

/** Bulk entries outside every address the tests use, to make the library span several pages. */
export function fillLibrary(sim: Simulator, library: IpLibrary, count: number): void {
	for (let i = 0; i < count; i++) {
		sim.addIpEntry(library, { ip_address: `172.16.${Math.floor(i / 250)}.${(i % 250) + 1}` });
	}
}
