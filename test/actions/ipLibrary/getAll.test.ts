import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { fillLibrary, jsonOf, sent, walkQueries } from './support';

const env = useSimulator({ now: Date.UTC(2026, 10, 30), freezeClock: true });
fastRetries();

const run = (extra: IDataObject) =>
	runNode({
		parameters: { resource: 'ipLibrary', operation: 'getAll', library: 'suspicious', ...extra },
		credentials: env.credentials,
	});

describe('ipLibrary getAll', () => {
	it('Limit sends one request and returns the first entries', async () => {
		const { items, error } = await run({ limit: 5 });

		expect(error).toBeUndefined();
		expect(sent(env.sim)).toEqual([
			{ method: 'GET', path: '/api/v2/ip/suspicious', query: { limit: '5', offset: '0' } },
		]);
		expect(jsonOf(items)).toEqual(env.sim.state.ip.suspicious.slice(0, 5));
	});

	it('Return All pages through the whole Trusted library', async () => {
		const { sim } = env;
		fillLibrary(sim, 'trusted', 195);

		const { items, error } = await run({ library: 'trusted', returnAll: true });

		expect(error).toBeUndefined();
		expect(sent(sim).map((r) => [r.path, r.query])).toEqual(
			walkQueries(sim.state.ip.trusted.length).map((q) => ['/api/v2/ip/trusted', q]),
		);
		expect(jsonOf(items)).toEqual(sim.state.ip.trusted);
	});

	it('Search and Name become q and name', async () => {
		const { sim } = env;
		const hit = sim.addIpEntry('suspicious', { ip_address: '10.0.0.10', name: 'Scanner farm' });
		sim.addIpEntry('suspicious', { ip_address: '10.0.0.11', name: 'Other' });

		const { items, error } = await run({
			returnAll: true,
			filters: { search: '10.0.0.1', name: 'scanner' },
		});

		expect(error).toBeUndefined();
		expect(sent(sim).map((r) => r.query)).toEqual([
			{ q: '10.0.0.1', name: 'scanner', limit: '100', offset: '0' },
		]);
		// Cloudlock's documented semantics: q is a substring of name, location, address or
		// categories; name is a substring of the name (both case-insensitive here).
		const has = (field: unknown, needle: string) =>
			String(field ?? '')
				.toLowerCase()
				.includes(needle.toLowerCase());
		const expected = sim.state.ip.suspicious.filter(
			(e) =>
				[e.name, e.location, e.ip_address, e.categories.join(',')].some((f) =>
					has(f, '10.0.0.1'),
				) && has(e.name, 'scanner'),
		);
		expect(expected).toContainEqual(hit);
		expect(jsonOf(items)).toEqual(expected);
	});
});
