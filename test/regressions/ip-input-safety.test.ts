import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runNode } from '../helpers/engine';
import { fastRetries, useSimulator } from '../helpers/simulator';

const env = useSimulator();
fastRetries();

const addIps = (ips: string, extra: IDataObject = {}, input?: IDataObject[]) =>
	runNode({
		parameters: { resource: 'ipLibrary', operation: 'addIps', library: 'trusted', ips, ...extra },
		credentials: env.credentials,
		input,
	});

describe('Add IPs refuses ranges that cover a large part of the internet', () => {
	it('0.0.0.0/0 and ::/0 stop the node before any request, naming each value and item', async () => {
		const { items, error } = await addIps('={{ $json.ips }}', {}, [
			{ ips: '203.0.113.9' },
			{ ips: '0.0.0.0/0, ::/0' },
		]);

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'Refusing very broad IP ranges: "0.0.0.0/0" (item 1), "::/0" (item 1)',
		);
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		expect(env.sim.requests).toEqual([]);
	});

	it('a /8 and a /32 IPv6 range are not broad; a /7 is', async () => {
		const { error } = await addIps('10.0.0.0/8, 2001:db8::/32, 12.0.0.0/7');

		expect(error?.message).toBe('Refusing very broad IP ranges: "12.0.0.0/7" (item 0)');
	});

	it('Allow Broad Ranges lets the item add it', async () => {
		const { items, error } = await addIps('0.0.0.0/0', { options: { allowBroadRanges: true } });

		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.ip, i.json.status])).toEqual([['0.0.0.0/0', 'added']]);
		expect(env.sim.state.ip.trusted.filter((e) => e.ip_address === '0.0.0.0/0')).toHaveLength(1);
	});

	it('with Continue On Fail only the item with the broad range is skipped', async () => {
		const { items, error } = await runNode({
			parameters: {
				resource: 'ipLibrary',
				operation: 'addIps',
				library: 'trusted',
				ips: '={{ $json.ips }}',
			},
			credentials: env.credentials,
			input: [{ ips: '0.0.0.0/0' }, { ips: '203.0.113.10' }],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.error ?? i.json.status, i.pairedItem])).toEqual([
			['Refusing very broad IP ranges: "0.0.0.0/0" (item 0)', { item: 0 }],
			['added', { item: 1 }],
		]);
	});
});

describe('Add IPs reads addresses the way people paste them', () => {
	it('an IPv4-mapped IPv6 address matches the plain IPv4 entry already in the library', async () => {
		const existing = env.sim.state.ip.trusted.find((e) =>
			/^\d+\.\d+\.\d+\.\d+$/.test(e.ip_address),
		);
		expect(existing).toBeDefined();

		const { items, error } = await addIps(`::ffff:${existing!.ip_address}`);

		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.status, i.json.pk])).toEqual([
			['alreadyPresent', existing!.pk],
		]);
		expect(env.sim.requests.filter((r) => r.method === 'POST')).toEqual([]);
	});

	it('zero-width characters copied along with an address are ignored', async () => {
		const { items, error } = await addIps('203.0.113.77\u200B,\uFEFF198.51.100.78');

		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.ip, i.json.status])).toEqual([
			['203.0.113.77', 'added'],
			['198.51.100.78', 'added'],
		]);
	});
});

describe('dates given as epoch numbers', () => {
	it('epoch seconds from an expression are read as seconds, epoch milliseconds as milliseconds', async () => {
		const run = (createdAfter: string) =>
			runNode({
				parameters: {
					resource: 'incident',
					operation: 'getAll',
					returnAll: false,
					limit: 1,
					filters: { createdAfter },
				},
				credentials: env.credentials,
			});

		await run('={{ 1700000000 }}');
		await run('={{ 1700000000000 }}');

		expect(env.sim.requests.map((r) => r.query.created_after)).toEqual([
			'2023-11-14T22:13:20',
			'2023-11-14T22:13:20',
		]);
	});
});
