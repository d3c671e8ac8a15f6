import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import type { IpEntry, IpLibrary } from '../../simulator/server';
import {
	entriesFor,
	entryFor,
	fillLibrary,
	jsonOf,
	libraryWalk,
	pairsOf,
	posts,
	searches,
	sent,
	walkQueries,
} from './support';

const env = useSimulator({ now: Date.UTC(2026, 10, 30), freezeClock: true });
fastRetries();

/** Addresses come from the input items through an expression, as in a real workflow. */
const addIps = (extra: IDataObject = {}) => ({
	resource: 'ipLibrary',
	operation: 'addIps',
	library: 'suspicious',
	ips: '={{ $json.ips }}',
	...extra,
});
const run = (input: IDataObject[], extra: IDataObject = {}, continueOnFail = false) =>
	runNode({ parameters: addIps(extra), input, credentials: env.credentials, continueOnFail });

const added = (entry: IpEntry, library: IpLibrary = 'suspicious', extra: IDataObject = {}) => ({
	ip: entry.ip_address,
	status: 'added',
	pk: entry.pk,
	library,
	...extra,
	entry,
});
const present = (entry: IpEntry, library: IpLibrary = 'suspicious', extra: IDataObject = {}) => ({
	ip: entry.ip_address,
	status: 'alreadyPresent',
	pk: entry.pk,
	library,
	...extra,
	entry,
});

describe('ipLibrary addIps: one pass over all items', () => {
	it('reads the library once, writes each new address once, and reports every address per item', async () => {
		const { sim } = env;
		fillLibrary(sim, 'suspicious', 150);
		const existing = sim.addIpEntry('suspicious', { ip_address: '10.9.0.1', name: 'known' });
		const librarySize = sim.state.ip.suspicious.length;

		const { items, error } = await run(
			[
				{ ips: '10.1.0.1, 10.1.0.2, 10.1.0.1\n10.9.0.1' },
				{ ips: ['10.1.0.2', '010.1.0.3'] },
				{ ips: '10.9.0.1\n10.1.0.3\nfd00::1' },
			],
			{ options: { maxConcurrency: 1 } },
		);

		expect(error).toBeUndefined();
		expect(libraryWalk(sim, 'suspicious').map((r) => r.query)).toEqual(walkQueries(librarySize));
		// The read comes first, whole, before any write.
		const firstPost = sent(sim).findIndex((r) => r.method === 'POST');
		expect(sent(sim).slice(0, firstPost)).toEqual(libraryWalk(sim, 'suspicious'));
		expect(posts(sim, 'suspicious')).toEqual([
			{ ip_address: '10.1.0.1' },
			{ ip_address: '10.1.0.2' },
			{ ip_address: '10.1.0.3' },
			{ ip_address: 'fd00::1' },
		]);
		expect(searches(sim, 'suspicious')).toEqual(['10.1.0.1', '10.1.0.2', '10.1.0.3', 'fd00::1']);

		const [a, b, c, d] = ['10.1.0.1', '10.1.0.2', '10.1.0.3', 'fd00::1'].map((ip) =>
			entryFor(sim, 'suspicious', ip),
		);
		expect(sim.state.ip.suspicious.length).toBe(librarySize + 4);
		expect(jsonOf(items)).toEqual([
			added(a),
			added(b),
			present(existing),
			present(b, 'suspicious', { duplicateOfItem: 0 }),
			added(c, 'suspicious', { input: '010.1.0.3' }),
			present(existing),
			present(c, 'suspicious', { duplicateOfItem: 1 }),
			added(d),
		]);
		expect(pairsOf(items)).toEqual([0, 0, 0, 1, 1, 2, 2, 2].map((item) => ({ item })));
	});

	it('matches exact addresses, never substrings of longer ones', async () => {
		const { sim } = env;
		const ten = sim.addIpEntry('suspicious', { ip_address: '10.0.0.10' });
		const hundredTen = sim.addIpEntry('suspicious', { ip_address: '110.0.0.1' });

		const { items, error } = await run([{ ips: '10.0.0.1' }]);

		expect(error).toBeUndefined();
		expect(posts(sim, 'suspicious')).toEqual([{ ip_address: '10.0.0.1' }]);
		const created = entryFor(sim, 'suspicious', '10.0.0.1');
		expect([ten.pk, hundredTen.pk]).not.toContain(created.pk);
		expect(jsonOf(items)).toEqual([added(created)]);
	});

	it('treats a longer address as new even when a prefix of it is present', async () => {
		const { sim } = env;
		sim.addIpEntry('suspicious', { ip_address: '10.0.0.1' });

		const { items, error } = await run([{ ips: '10.0.0.10' }]);

		expect(error).toBeUndefined();
		expect(posts(sim, 'suspicious')).toEqual([{ ip_address: '10.0.0.10' }]);
		expect(jsonOf(items)).toEqual([added(entryFor(sim, 'suspicious', '10.0.0.10'))]);
	});

	it('canonicalises IPv6 and CIDR input and finds entries the library spells differently', async () => {
		const { sim } = env;
		const upper = sim.addIpEntry('suspicious', { ip_address: 'FD00:0:0:0::7' });
		const range = sim.addIpEntry('suspicious', { ip_address: '10.40.0.0/16' });

		const { items, error } = await run([
			{ ips: 'fd00:0000::7, 10.40.99.1/16, 10.20.30.77/24, FD00:AB::1/32, 10.50.0.9/32' },
		]);

		expect(error).toBeUndefined();
		expect(posts(sim, 'suspicious')).toEqual([
			{ ip_address: '10.20.30.0/24' },
			{ ip_address: 'fd00:ab::/32' },
			{ ip_address: '10.50.0.9' },
		]);
		expect(jsonOf(items)).toEqual([
			{ ...present(upper), ip: 'fd00::7', input: 'fd00:0000::7' },
			{ ...present(range), input: '10.40.99.1/16' },
			added(entryFor(sim, 'suspicious', '10.20.30.0/24'), 'suspicious', {
				input: '10.20.30.77/24',
			}),
			added(entryFor(sim, 'suspicious', 'fd00:ab::/32'), 'suspicious', { input: 'FD00:AB::1/32' }),
			added(entryFor(sim, 'suspicious', '10.50.0.9'), 'suspicious', { input: '10.50.0.9/32' }),
		]);
	});

	it('sends name, description, categories and Expires On (converted to UTC) in the JSON body', async () => {
		const { sim } = env;
		const { items, error } = await runNode({
			parameters: addIps({
				additionalFields: {
					name: 'Phishing wave',
					description: 'From ticket SOC-1',
					categories: 'Phishing, Malicious',
					expiresOn: '2026-12-31T03:00:00',
				},
			}),
			input: [{ ips: '10.7.0.1' }],
			credentials: env.credentials,
			timezone: 'America/New_York',
		});

		expect(error).toBeUndefined();
		expect(posts(sim, 'suspicious')).toEqual([
			{
				ip_address: '10.7.0.1',
				name: 'Phishing wave',
				description: 'From ticket SOC-1',
				categories: ['Phishing', 'Malicious'],
				expires_on: '2026-12-31T08:00:00+00:00',
			},
		]);
		const entry = entryFor(sim, 'suspicious', '10.7.0.1');
		expect(entry.expires_on).toBe('2026-12-31T08:00:00.000000+00:00');
		expect(jsonOf(items)).toEqual([added(entry)]);
	});

	it('adds to the Trusted library at /ip/trusted', async () => {
		const { sim } = env;
		const { items, error } = await run([{ ips: '10.8.0.1' }], {
			library: 'trusted',
			additionalFields: { name: 'HQ egress' },
		});

		expect(error).toBeUndefined();
		expect(libraryWalk(sim, 'trusted').map((r) => r.query)).toEqual(
			walkQueries(sim.state.ip.trusted.length - 1),
		);
		expect(posts(sim, 'trusted')).toEqual([{ ip_address: '10.8.0.1', name: 'HQ egress' }]);
		expect(jsonOf(items)).toEqual([added(entryFor(sim, 'trusted', '10.8.0.1'), 'trusted')]);
	});

	it('rejects Expires On when an expression makes the library Trusted, before sending anything', async () => {
		const { sim } = env;
		const { items, error } = await run([{ ips: '10.8.0.1', library: 'trusted' }], {
			library: '={{ $json.library }}',
			additionalFields: { expiresOn: '2026-12-31' },
		});

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('"Expires On" applies to the Suspicious library only');
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expect(sim.requests).toEqual([]);
	});

	it('drops a leftover Expires On that the editor hides for a fixed Trusted library', async () => {
		const { sim } = env;
		const { error } = await run([{ ips: '10.8.0.1' }], {
			library: 'trusted',
			additionalFields: { expiresOn: '2026-12-31' },
		});

		expect(error).toBeUndefined();
		expect(posts(sim, 'trusted')).toEqual([{ ip_address: '10.8.0.1' }]);
	});
});

describe('ipLibrary addIps: validation before any request', () => {
	it('names every invalid value with its item and sends nothing', async () => {
		const { sim } = env;
		const before = sim.state.ip.suspicious.length;

		const { items, error } = await run([
			{ ips: '300.1.1.1, 10.0.0.1' },
			{ ips: '10.0.0.2' },
			{ ips: ['abc'] },
		]);

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Invalid IP address: "300.1.1.1" (item 0), "abc" (item 2)');
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expect((error as NodeOperationError).description).toContain('Nothing was sent to Cloudlock.');
		expect(sim.requests).toEqual([]);
		expect(sim.state.ip.suspicious.length).toBe(before);
	});

	it('fails an item with no address at all', async () => {
		const { sim } = env;
		const { error } = await run([{ ips: '10.0.0.1' }, { ips: ' , \n' }]);

		expect(error?.message).toBe('No IP address given (item 1)');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		expect(sim.requests).toEqual([]);
	});

	it('with Continue On Fail sets aside only the items at fault', async () => {
		const { sim } = env;
		const { items, error } = await run(
			[{ ips: '300.1.1.1, 10.0.0.1' }, { ips: '10.0.0.2' }, { ips: 'abc' }],
			{},
			true,
		);

		expect(error).toBeUndefined();
		expect(posts(sim, 'suspicious')).toEqual([{ ip_address: '10.0.0.2' }]);
		expect(entriesFor(sim, 'suspicious', '10.0.0.1')).toEqual([]);
		expect(jsonOf(items)).toEqual([
			{ error: 'Invalid IP address: "300.1.1.1" (item 0)' },
			added(entryFor(sim, 'suspicious', '10.0.0.2')),
			{ error: 'Invalid IP address: "abc" (item 2)' },
		]);
		expect(pairsOf(items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('ipLibrary addIps: what POST answers', () => {
	it('entry: takes the pk from the response and confirms it with one search', async () => {
		const { sim } = env;
		const { items } = await run([{ ips: '10.3.0.1' }]);

		const entry = entryFor(sim, 'suspicious', '10.3.0.1');
		const postAnswer = sim.requests.find((r) => r.method === 'POST');
		expect(postAnswer?.status).toBe(200);
		expect(searches(sim, 'suspicious')).toEqual(['10.3.0.1']);
		expect(jsonOf(items)).toEqual([added(entry)]);
	});

	it('empty: an empty 200 gets the pk from a search', async () => {
		const { sim } = env;
		sim.setOptions({ ipPost: 'empty' });

		const { items, error } = await run([{ ips: '10.3.0.2' }]);

		expect(error).toBeUndefined();
		expect(sent(sim).map((r) => [r.method, r.query.q])).toEqual([
			['GET', undefined],
			['POST', undefined],
			['GET', '10.3.0.2'],
		]);
		expect(jsonOf(items)).toEqual([added(entryFor(sim, 'suspicious', '10.3.0.2'))]);
	});

	it('noPk: a 201 without pk gets the pk from a search', async () => {
		const { sim } = env;
		sim.setOptions({ ipPost: 'noPk' });

		const { items, error } = await run([{ ips: '10.3.0.3' }]);

		expect(error).toBeUndefined();
		expect(sim.requests.find((r) => r.method === 'POST')?.status).toBe(201);
		expect(searches(sim, 'suspicious')).toEqual(['10.3.0.3']);
		expect(jsonOf(items)).toEqual([added(entryFor(sim, 'suspicious', '10.3.0.3'))]);
	});

	it('ghost: a 200 whose entry never appears is an error, not a success', async () => {
		const { sim } = env;
		sim.setOptions({ ipPost: 'ghost' });

		const { items, error } = await run([{ ips: '10.3.0.4' }]);

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'Cloudlock accepted "10.3.0.4" but it is not in the Suspicious library afterwards',
		);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expect((error as NodeOperationError).description).toContain(
			'0 new addresses were added before the node stopped',
		);
		expect(searches(sim, 'suspicious')).toEqual(['10.3.0.4']);
		expect(entriesFor(sim, 'suspicious', '10.3.0.4')).toEqual([]);
	});

	it('ghost with Continue On Fail: the address is reported as an error on its item', async () => {
		const { sim } = env;
		sim.setOptions({ ipPost: 'ghost' });

		const { items, error } = await run([{ ips: '10.3.0.4' }, { ips: '10.3.0.4' }], {}, true);

		expect(error).toBeUndefined();
		expect(posts(sim, 'suspicious')).toEqual([{ ip_address: '10.3.0.4' }]);
		const message =
			'Cloudlock accepted "10.3.0.4" but it is not in the Suspicious library afterwards';
		expect(jsonOf(items)).toEqual([
			{ ip: '10.3.0.4', status: 'error', library: 'suspicious', error: message },
			{
				ip: '10.3.0.4',
				status: 'error',
				library: 'suspicious',
				duplicateOfItem: 0,
				error: message,
			},
		]);
		expect(pairsOf(items)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('rejectDuplicate: adds new addresses normally', async () => {
		const { sim } = env;
		sim.setOptions({ ipPost: 'rejectDuplicate' });

		const { items, error } = await run([{ ips: '10.3.0.5' }]);

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([added(entryFor(sim, 'suspicious', '10.3.0.5'))]);
	});

	it('rejectDuplicate: an address added by someone else after the read is reported as already present', async () => {
		const { sim } = env;
		sim.setOptions({ ipPost: 'rejectDuplicate' });
		// The POST is held until the test has added the same address behind the node's back.
		sim.injectFault({ kind: 'slow', ms: 1000, match: { method: 'POST', path: '/ip/suspicious' } });
		let racer: IpEntry | undefined;
		const racing = (async () => {
			while (!sim.requests.some((r) => r.method === 'POST')) await sleep(2);
			racer = sim.addIpEntry('suspicious', { ip_address: '10.3.0.6', name: 'racer' });
		})();

		const { items, error } = await run([{ ips: '10.3.0.6' }]);
		await racing;

		expect(error).toBeUndefined();
		expect(sent(sim).map((r) => [r.method, r.query.q])).toEqual([
			['GET', undefined],
			['POST', undefined],
			['GET', '10.3.0.6'],
		]);
		expect(sim.requests.find((r) => r.method === 'POST')?.status).toBe(400);
		expect(entriesFor(sim, 'suspicious', '10.3.0.6')).toEqual([racer]);
		expect(jsonOf(items)).toEqual([present(racer!)]);
	});
});

describe('ipLibrary addIps: faults during writes', () => {
	it('recovers from 429s on POST (retried, nothing created twice)', async () => {
		const { sim } = env;
		sim.injectFault({
			kind: 'status',
			status: 429,
			retryAfter: '0',
			times: 2,
			match: { method: 'POST', path: '/ip/suspicious' },
		});

		const { items, error } = await run([{ ips: '10.4.0.1, 10.4.0.2, 10.4.0.3' }]);

		expect(error).toBeUndefined();
		const postStatuses = sim.requests.filter((r) => r.method === 'POST').map((r) => r.status);
		expect(postStatuses.filter((s) => s === 429)).toHaveLength(2);
		expect(postStatuses.filter((s) => s === 200)).toHaveLength(3);
		const entries = ['10.4.0.1', '10.4.0.2', '10.4.0.3'].map((ip) =>
			entryFor(sim, 'suspicious', ip),
		);
		expect(jsonOf(items)).toEqual(entries.map((entry) => added(entry)));
	});

	it('never retries a POST on 503: one attempt, an error naming the address', async () => {
		const { sim } = env;
		sim.injectFault({ kind: 'status', status: 503, match: { method: 'POST' } });

		const { items, error } = await run([{ ips: '10.4.0.4, 10.4.0.5' }], {
			options: { maxConcurrency: 1 },
		});

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Could not add "10.4.0.4" to the Suspicious library: Cloudlock had a server error (HTTP 503, POST /ip/suspicious): Service unavailable',
		);
		expect((error as NodeApiError).httpCode).toBe('503');
		expect((error as NodeApiError).context.itemIndex).toBe(0);
		expect(posts(sim, 'suspicious')).toEqual([{ ip_address: '10.4.0.4' }]);
		expect(entriesFor(sim, 'suspicious', '10.4.0.4')).toEqual([]);
	});

	it('with Continue On Fail a 503 fails only its address; the others are added', async () => {
		const { sim } = env;
		sim.injectFault({ kind: 'status', status: 503, match: { method: 'POST' } });

		const { items, error } = await run(
			[{ ips: '10.4.0.4' }, { ips: '10.4.0.5' }],
			{ options: { maxConcurrency: 1 } },
			true,
		);

		expect(error).toBeUndefined();
		expect(posts(sim, 'suspicious')).toEqual([
			{ ip_address: '10.4.0.4' },
			{ ip_address: '10.4.0.5' },
		]);
		expect(jsonOf(items)).toEqual([
			{
				ip: '10.4.0.4',
				status: 'error',
				library: 'suspicious',
				error:
					'Could not add "10.4.0.4" to the Suspicious library: Cloudlock had a server error (HTTP 503, POST /ip/suspicious): Service unavailable',
			},
			added(entryFor(sim, 'suspicious', '10.4.0.5')),
		]);
		expect(pairsOf(items)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a failed confirmation search is reported as such, not as a failed add', async () => {
		const { sim } = env;
		// Hold the POST until the confirmation search is set up to fail.
		sim.injectFault({ kind: 'slow', ms: 1000, match: { method: 'POST' } });
		const arming = (async () => {
			while (!sim.requests.some((r) => r.method === 'POST')) await sleep(2);
			sim.injectFault({ kind: 'status', status: 500, match: { method: 'GET' } });
		})();

		const { error } = await run([{ ips: '10.4.0.7' }]);
		await arming;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Cloudlock accepted "10.4.0.7" but checking that it is in the Suspicious library failed: Cloudlock had a server error (HTTP 500, GET /ip/suspicious): Internal server error',
		);
		expect(sent(sim).map((r) => [r.method, r.query.q])).toEqual([
			['GET', undefined],
			['POST', undefined],
			['GET', '10.4.0.7'],
		]);
		expect(entriesFor(sim, 'suspicious', '10.4.0.7')).toHaveLength(1);
	});

	it('a library that cannot be read stops the node before any write', async () => {
		const { sim } = env;
		sim.injectFault({ kind: 'status', status: 403, match: { method: 'GET' } });

		const { error } = await run([{ ips: '10.4.0.6' }]);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Cloudlock refused access (HTTP 403, GET /ip/suspicious): Forbidden',
		);
		expect(sent(sim).map((r) => r.method)).toEqual(['GET']);
	});
});
