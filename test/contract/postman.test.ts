/**
 * Contract: every request of Cisco's Postman collection can be produced by the node. Each
 * request is mapped (postman.ts) to node parameters; the node runs through n8n-core against the
 * simulator and the request it sends must have Postman's method, path (placeholder ids replaced
 * by simulator ids), query keys and values (plus the keys the mapping documents as added) and
 * JSON body fields with the same JSON types.
 *
 * Documented difference: Postman's "Delete an IP from the suspicious library" carries a JSON body
 * (a copy of the add request's body) that a DELETE by `?ids=` does not use; the node sends none.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../simulator/server';
import { runAgainst, startContractSimulator } from './harness';
import { landedResources } from './nodeParameters';
import { POSTMAN_MAPPINGS, postmanRequests } from './postman';
import type { PostmanRequest } from './postman';

const requests = postmanRequests();
const landed = landedResources();

/** field → JSON type, so '["foo"]' and 'foo' differ but two strings do not */
function shape(body: unknown): Record<string, string> {
	if (body === undefined || body === null || body === '') return {};
	return Object.fromEntries(
		Object.entries(body as IDataObject).map(([k, v]) => [
			k,
			Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v,
		]),
	);
}

let sim: Simulator;

beforeAll(async () => {
	sim = await startContractSimulator();
});

afterAll(async () => {
	await sim.close();
});

describe('Postman mapping table', () => {
	it('maps every Postman request, and only those', () => {
		const names = requests.map((r) => r.name);
		expect(new Set(names).size).toBe(names.length);
		expect(names.filter((n) => !POSTMAN_MAPPINGS[n])).toEqual([]);
		expect(Object.keys(POSTMAN_MAPPINGS).filter((n) => !names.includes(n))).toEqual([]);
	});
});

describe('the node sends each Postman request', () => {
	const mapped = requests.filter((r) => POSTMAN_MAPPINGS[r.name]);
	const ready = mapped.filter((r) => landed.has(POSTMAN_MAPPINGS[r.name].resource));
	for (const r of mapped.filter((m) => !ready.includes(m))) {
		it.todo(`${r.name} (waits for resource ${POSTMAN_MAPPINGS[r.name].resource})`);
	}

	it.each(ready.map((r) => [r.name, r]))('%s', async (_name, postman: PostmanRequest) => {
		const mapping = POSTMAN_MAPPINGS[postman.name];
		let ids: Record<string, string> = {};
		const { result, requests: sent } = await runAgainst(sim, (state) => {
			// Read before the run: a removal would change what the placeholder resolves to.
			ids = mapping.placeholders?.(state) ?? {};
			return mapping.parameters(state);
		});
		expect(result.error?.message).toBeUndefined();

		const fill = (text: string) =>
			Object.entries(ids).reduce((out, [placeholder, id]) => out.split(placeholder).join(id), text);
		const path = fill(postman.path);
		const matching = sent.filter((s) => s.method === postman.method && s.path === path);
		expect(matching.map((s) => `${s.method} ${s.path}`)).toEqual([`${postman.method} ${path}`]);
		const [request] = matching;

		const adds = Object.keys(mapping.adds ?? {});
		expect(Object.keys(request.query).sort()).toEqual(
			[...new Set([...Object.keys(postman.query), ...adds])].sort(),
		);
		const postmanValues = Object.fromEntries(
			Object.entries(postman.query).map(([k, v]) => [k, fill(v)]),
		);
		const sentValues = Object.fromEntries(
			Object.keys(postman.query).map((k) => [k, request.query[k]]),
		);
		expect(sentValues).toEqual(postmanValues);

		// A DELETE's body is ignored by Cloudlock (the ids are in the query): the node sends none.
		expect(shape(request.body)).toEqual(postman.method === 'DELETE' ? {} : shape(postman.body));
	});
});
