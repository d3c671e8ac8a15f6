import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { entriesFor, jsonOf, libraryWalk, pairsOf, sent, walkQueries } from './support';

const env = useSimulator({ now: Date.UTC(2026, 10, 30), freezeClock: true });
fastRetries();

const run = (input: IDataObject[], extra: IDataObject = {}, continueOnFail = false) =>
	runNode({
		parameters: {
			resource: 'ipLibrary',
			operation: 'removeIps',
			library: 'suspicious',
			ips: '={{ $json.ips }}',
			...extra,
		},
		input,
		credentials: env.credentials,
		continueOnFail,
	});

const deletes = () =>
	sent(env.sim)
		.filter((r) => r.method === 'DELETE')
		.map((r) => ({ path: r.path, ids: r.query.ids }));

describe('ipLibrary removeIps', () => {
	it('reads the library once and removes every found entry with one DELETE', async () => {
		const { sim } = env;
		const one = sim.addIpEntry('suspicious', { ip_address: '10.0.0.1' });
		const ten = sim.addIpEntry('suspicious', { ip_address: '10.0.0.10' });
		const v6a = sim.addIpEntry('suspicious', { ip_address: 'fd00::7' });
		const v6b = sim.addIpEntry('suspicious', { ip_address: 'FD00:0::7' });
		const size = sim.state.ip.suspicious.length;

		const { items, error } = await run([
			{ ips: '10.0.0.1, 10.0.0.2' },
			{ ips: ['FD00::7', '10.0.0.1'] },
		]);

		expect(error).toBeUndefined();
		expect(libraryWalk(sim, 'suspicious').map((r) => r.query)).toEqual(walkQueries(size));
		expect(deletes()).toEqual([
			{ path: '/api/v2/ip/suspicious', ids: [one.pk, v6a.pk, v6b.pk].join(',') },
		]);
		expect(sent(sim).map((r) => r.method)).toEqual(['GET', 'DELETE']);
		expect(jsonOf(items)).toEqual([
			{ ip: '10.0.0.1', status: 'removed', pk: one.pk, library: 'suspicious' },
			{ ip: '10.0.0.2', status: 'notFound', pk: null, library: 'suspicious' },
			{
				ip: 'fd00::7',
				input: 'FD00::7',
				status: 'removed',
				pk: v6a.pk,
				library: 'suspicious',
				pks: [v6a.pk, v6b.pk],
			},
			{ ip: '10.0.0.1', status: 'notFound', pk: null, library: 'suspicious', duplicateOfItem: 0 },
		]);
		expect(pairsOf(items)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
		expect(sim.state.ip.suspicious.map((e) => e.pk)).toContain(ten.pk);
		expect(sim.state.ip.suspicious.length).toBe(size - 3);
	});

	it('sends no DELETE when nothing is in the library', async () => {
		const { sim } = env;
		const { items, error } = await run([{ ips: '10.0.0.99' }], { library: 'trusted' });

		expect(error).toBeUndefined();
		expect(sent(sim).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v2/ip/trusted']);
		expect(jsonOf(items)).toEqual([
			{ ip: '10.0.0.99', status: 'notFound', pk: null, library: 'trusted' },
		]);
	});

	it('splits more than 100 entry IDs into DELETEs of 100', async () => {
		const { sim } = env;
		const created = Array.from({ length: 150 }, (_, i) =>
			sim.addIpEntry('suspicious', { ip_address: `10.60.${Math.floor(i / 100)}.${(i % 100) + 1}` }),
		);

		const { items, error } = await run([{ ips: created.map((e) => e.ip_address).join('\n') }], {
			options: { maxConcurrency: 1 },
		});

		expect(error).toBeUndefined();
		const pks = created.map((e) => e.pk);
		expect(deletes()).toEqual([
			{ path: '/api/v2/ip/suspicious', ids: pks.slice(0, 100).join(',') },
			{ path: '/api/v2/ip/suspicious', ids: pks.slice(100).join(',') },
		]);
		expect(jsonOf(items).map((j) => [j.ip, j.status, j.pk])).toEqual(
			created.map((e) => [e.ip_address, 'removed', e.pk]),
		);
		for (const entry of created)
			expect(entriesFor(sim, 'suspicious', entry.ip_address)).toEqual([]);
	});

	it('validates every address first and sends nothing on a bad one', async () => {
		const { sim } = env;
		const { error } = await run([{ ips: '10.0.0.1' }, { ips: '10.0.0.256, ::g' }]);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Invalid IP address: "10.0.0.256" (item 1), "::g" (item 1)');
		expect(sim.requests).toEqual([]);
	});

	it('a failed DELETE is an error (HTTP 500 is not retried)', async () => {
		const { sim } = env;
		const entry = sim.addIpEntry('suspicious', { ip_address: '10.0.0.5' });
		sim.injectFault({ kind: 'status', status: 500, match: { method: 'DELETE' } });

		const { error } = await run([{ ips: '10.0.0.5' }]);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Cloudlock had a server error (HTTP 500, DELETE /ip/suspicious): Internal server error',
		);
		expect(deletes()).toEqual([{ path: '/api/v2/ip/suspicious', ids: entry.pk }]);
		expect(entriesFor(sim, 'suspicious', '10.0.0.5')).toEqual([entry]);
	});

	it('with Continue On Fail a failed DELETE marks its addresses as errors', async () => {
		const { sim } = env;
		const entry = sim.addIpEntry('suspicious', { ip_address: '10.0.0.5' });
		sim.injectFault({ kind: 'status', status: 500, match: { method: 'DELETE' } });

		const { items, error } = await run([{ ips: '10.0.0.5, 10.0.0.6' }, { ips: 'nope' }], {}, true);

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([
			{
				ip: '10.0.0.5',
				status: 'error',
				pk: entry.pk,
				library: 'suspicious',
				error:
					'Cloudlock had a server error (HTTP 500, DELETE /ip/suspicious): Internal server error',
			},
			{ ip: '10.0.0.6', status: 'notFound', pk: null, library: 'suspicious' },
			{ error: 'Invalid IP address: "nope" (item 1)' },
		]);
		expect(pairsOf(items)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
	});
});
