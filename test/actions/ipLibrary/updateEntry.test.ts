import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { jsonOf, pairsOf, sent } from './support';

const env = useSimulator({ now: Date.UTC(2026, 10, 30), freezeClock: true });
fastRetries();

const run = (
	extra: IDataObject,
	options: { continueOnFail?: boolean; input?: IDataObject[] } = {},
) =>
	runNode({
		parameters: { resource: 'ipLibrary', operation: 'updateEntry', ...extra },
		credentials: env.credentials,
		timezone: 'Europe/Berlin',
		...options,
	});

describe('ipLibrary updateEntry', () => {
	it('Suspicious: sends address, categories, description and Expires On and returns the entry', async () => {
		const { sim } = env;
		const entry = sim.addIpEntry('suspicious', { ip_address: '10.0.0.1' });

		const { items, error } = await run({
			library: 'suspicious',
			pk: entry.pk,
			updateFields: {
				ipAddress: '2001:DB8:0::9',
				categories: 'Botnet, Scanner',
				description: 'Moved',
				expiresOn: '2027-01-15T10:00:00',
			},
		});

		expect(error).toBeUndefined();
		expect(sent(sim)).toEqual([
			{
				method: 'PUT',
				path: `/api/v2/ip/suspicious/${entry.pk}`,
				query: {},
				body: {
					ip_address: '2001:db8::9',
					categories: ['Botnet', 'Scanner'],
					description: 'Moved',
					expires_on: '2027-01-15T09:00:00+00:00',
				},
			},
		]);
		const stored = sim.state.ip.suspicious.find((e) => e.pk === entry.pk)!;
		expect(stored.ip_address).toBe('2001:db8::9');
		expect(stored.expires_on).toBe('2027-01-15T09:00:00.000000+00:00');
		expect(jsonOf(items)).toEqual([stored]);
	});

	it('Suspicious: an emptied Expires On makes the entry permanent', async () => {
		const { sim } = env;
		const entry = sim.addIpEntry('suspicious', {
			ip_address: '10.0.0.2',
			expires_on: '2027-01-01T00:00:00.000000+00:00',
		});

		const { error } = await run({
			library: 'suspicious',
			pk: entry.pk,
			updateFields: { expiresOn: '' },
		});

		expect(error).toBeUndefined();
		expect(sent(sim).map((r) => r.body)).toEqual([{ expires_on: null }]);
		expect(sim.state.ip.suspicious.find((e) => e.pk === entry.pk)!.expires_on).toBeNull();
	});

	it('Trusted: sends the name and returns the entry', async () => {
		const { sim } = env;
		const entry = sim.state.ip.trusted[0];

		const { items, error } = await run({
			library: 'trusted',
			pk: entry.pk,
			updateFields: { name: 'Branch office', categories: '' },
		});

		expect(error).toBeUndefined();
		expect(sent(sim)).toEqual([
			{
				method: 'PUT',
				path: `/api/v2/ip/trusted/${entry.pk}`,
				query: {},
				body: { categories: [], name: 'Branch office' },
			},
		]);
		expect(jsonOf(items)).toEqual([sim.state.ip.trusted.find((e) => e.pk === entry.pk)]);
	});

	it('an empty answer becomes { pk, library, updated: true }', async () => {
		const { sim } = env;
		sim.injectFault({ kind: 'status', status: 200, body: '', match: { method: 'PUT' } });

		const { items, error } = await run({
			library: 'trusted',
			pk: 'AbCdE12345',
			updateFields: { description: 'x' },
		});

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([{ pk: 'AbCdE12345', library: 'trusted', updated: true }]);
	});

	it.each([
		['suspicious', { name: 'x' }, '"Name" can only be changed in the Trusted library'],
		[
			'trusted',
			{ expiresOn: '2027-01-01' },
			'"Expires On" can only be changed in the Suspicious library',
		],
		['suspicious', {}, 'Choose at least one field to update'],
		['suspicious', { ipAddress: '10.0.0.300' }, 'Invalid IP address: "10.0.0.300"'],
		['suspicious', { expiresOn: 'soon' }, '"Expires On" is not a date: soon'],
		[
			'shady',
			{ description: 'x' },
			'"shady" is not a Cloudlock IP library (use suspicious or trusted)',
		],
	])('library %s with %j fails before any request: %s', async (library, updateFields, message) => {
		// An expression keeps the library-specific fields the editor would hide.
		const { error } = await run(
			{
				library: '={{ $json.library }}',
				pk: 'AbCdE12345',
				updateFields,
			},
			{ input: [{ library }] },
		);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(message);
		expect(env.sim.requests).toEqual([]);
	});

	it('an unknown entry is a 404 error naming the request', async () => {
		const { error } = await run({
			library: 'suspicious',
			pk: 'NoSuchPk00',
			updateFields: { description: 'x' },
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Not found in Cloudlock (HTTP 404, PUT /ip/suspicious/NoSuchPk00): A resource with that ID does not exist',
		);
	});

	it('with Continue On Fail a failing item gives { error } and the others are updated', async () => {
		const { sim } = env;
		const entry = sim.addIpEntry('suspicious', { ip_address: '10.0.0.3' });

		const { items, error } = await run(
			{ library: 'suspicious', pk: '={{ $json.pk }}', updateFields: { description: 'checked' } },
			{ continueOnFail: true, input: [{ pk: 'NoSuchPk00' }, { pk: entry.pk }] },
		);

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([
			{
				error:
					'Not found in Cloudlock (HTTP 404, PUT /ip/suspicious/NoSuchPk00): A resource with that ID does not exist',
			},
			sim.state.ip.suspicious.find((e) => e.pk === entry.pk),
		]);
		expect(jsonOf(items)[1].description).toBe('checked');
		expect(pairsOf(items)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
