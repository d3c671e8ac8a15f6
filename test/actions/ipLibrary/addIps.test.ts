import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import type { IpEntry, IpLibrary, Simulator } from '../../simulator/server';
import {
	confirmsByWalk,
	entriesFor,
	entryFor,
	fillLibrary,
	jsonOf,
	libraryOfSize,
	libraryWalk,
	pairsOf,
	posts,
	searches,
	sent,
	walkQueries,
} from './support';
import type { Sent } from './support';

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

const pathOf = (library: IpLibrary) => `/api/v2/ip/${library}`;
/** The page requests of a walk of a library holding `count` entries. */
const walkOf = (library: IpLibrary, count: number): Sent[] =>
	walkQueries(count).map((query) => ({ method: 'GET', path: pathOf(library), query }));
const searchFor = (library: IpLibrary, ip: string): Sent => ({
	method: 'GET',
	path: pathOf(library),
	query: { q: ip, limit: '100', offset: '0' },
});
const postOf = (library: IpLibrary, body: IDataObject): Sent => ({
	method: 'POST',
	path: pathOf(library),
	query: {},
	body,
});
/**
 * The requests that confirm the sent addresses `ips`, by the rule in confirmsByWalk(): a walk of
 * the library as the simulator now holds it, or one search per address.
 */
const confirmationOf = (sim: Simulator, library: IpLibrary, sizeAtRead: number, ips: string[]) =>
	confirmsByWalk(sizeAtRead, ips.length)
		? walkOf(library, sim.state.ip[library].length)
		: ips.map((ip) => searchFor(library, ip));
const onlyTo = (sim: Simulator, library: IpLibrary) =>
	sent(sim).filter((r) => r.path === pathOf(library));
/** `count` addresses 10.60.x.y that the seeded libraries do not hold. */
const newAddresses = (sim: Simulator, count: number) => {
	const ips = Array.from(
		{ length: count },
		(_, i) => `10.60.${Math.floor(i / 250)}.${(i % 250) + 1}`,
	);
	expect(ips.filter((ip) => entriesFor(sim, 'suspicious', ip).length)).toEqual([]);
	return ips;
};

describe('ipLibrary addIps: one pass over all items', () => {
	it('reads the library once before writing, writes each new address once, and reports every address per item', async () => {
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
		const newIps = ['10.1.0.1', '10.1.0.2', '10.1.0.3', 'fd00::1'];
		// Four new addresses: a walk of the grown library is cheaper than four searches.
		expect(confirmsByWalk(librarySize, newIps.length)).toBe(true);
		// The read comes first, whole, before any write; the confirming walk comes after them all.
		expect(sent(sim)).toEqual([
			...walkOf('suspicious', librarySize),
			...newIps.map((ip) => postOf('suspicious', { ip_address: ip })),
			...walkOf('suspicious', librarySize + newIps.length),
		]);

		const [a, b, c, d] = newIps.map((ip) => entryFor(sim, 'suspicious', ip));
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
		const librarySize = sim.state.ip.trusted.length;
		const { items, error } = await run([{ ips: '10.8.0.1' }], {
			library: 'trusted',
			additionalFields: { name: 'HQ egress' },
		});

		expect(error).toBeUndefined();
		expect(sent(sim)).toEqual([
			...walkOf('trusted', librarySize),
			postOf('trusted', { ip_address: '10.8.0.1', name: 'HQ egress' }),
			...confirmationOf(sim, 'trusted', librarySize, ['10.8.0.1']),
		]);
		expect(sim.state.ip.trusted.length).toBe(librarySize + 1);
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

/** Library sizes that make one new address confirmed each way (see confirmsByWalk). */
const CONFIRMATIONS = [
	{ confirmedBy: 'one search', size: 180, walks: false },
	{ confirmedBy: 'one fresh walk of the library', size: 50, walks: true },
];

describe.each(CONFIRMATIONS)(
	'ipLibrary addIps: what POST answers, confirmed by $confirmedBy',
	({ size, walks }) => {
		let sizeAtRead = 0;
		beforeEach(() => {
			sizeAtRead = libraryOfSize(env.sim, 'suspicious', size);
			expect(confirmsByWalk(sizeAtRead, 1)).toBe(walks);
		});
		/** Read, one POST, then the confirmation the rule picks. */
		const expectedRequests = (sim: Simulator, ip: string) => [
			...walkOf('suspicious', sizeAtRead),
			postOf('suspicious', { ip_address: ip }),
			...confirmationOf(sim, 'suspicious', sizeAtRead, [ip]),
		];

		it('entry: takes the entry the response names and confirms it', async () => {
			const { sim } = env;
			const { items, error } = await run([{ ips: '10.3.0.1' }]);

			expect(error).toBeUndefined();
			const entry = entryFor(sim, 'suspicious', '10.3.0.1');
			expect(sim.requests.find((r) => r.method === 'POST')?.status).toBe(200);
			expect(sent(sim)).toEqual(expectedRequests(sim, '10.3.0.1'));
			expect(searches(sim, 'suspicious')).toEqual(walks ? [] : ['10.3.0.1']);
			expect(jsonOf(items)).toEqual([added(entry)]);
		});

		it('entry: keeps the pk the POST answered when someone else adds the same address meanwhile', async () => {
			const { sim } = env;
			// The POST is held until the test has added the same address behind the node's back.
			sim.injectFault({ kind: 'slow', ms: 500, match: { method: 'POST', path: '/ip/suspicious' } });
			let racer: IpEntry | undefined;
			const racing = (async () => {
				while (!sim.requests.some((r) => r.method === 'POST')) await sleep(2);
				racer = sim.addIpEntry('suspicious', { ip_address: '10.3.0.7', name: 'racer' });
			})();

			const { items, error } = await run([{ ips: '10.3.0.7' }]);
			await racing;

			expect(error).toBeUndefined();
			const [first, ours] = entriesFor(sim, 'suspicious', '10.3.0.7');
			expect(first).toEqual(racer);
			expect(ours.pk).not.toBe(racer!.pk);
			expect(sent(sim)).toEqual(expectedRequests(sim, '10.3.0.7'));
			expect(jsonOf(items)).toEqual([added(ours)]);
		});

		it('empty: an empty 200 gets the pk from the confirmation', async () => {
			const { sim } = env;
			sim.setOptions({ ipPost: 'empty' });

			const { items, error } = await run([{ ips: '10.3.0.2' }]);

			expect(error).toBeUndefined();
			expect(sent(sim)).toEqual(expectedRequests(sim, '10.3.0.2'));
			expect(jsonOf(items)).toEqual([added(entryFor(sim, 'suspicious', '10.3.0.2'))]);
		});

		it('noPk: a 201 without pk gets the pk from the confirmation', async () => {
			const { sim } = env;
			sim.setOptions({ ipPost: 'noPk' });

			const { items, error } = await run([{ ips: '10.3.0.3' }]);

			expect(error).toBeUndefined();
			expect(sim.requests.find((r) => r.method === 'POST')?.status).toBe(201);
			expect(sent(sim)).toEqual(expectedRequests(sim, '10.3.0.3'));
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
			expect(entriesFor(sim, 'suspicious', '10.3.0.4')).toEqual([]);
			expect(sim.state.ip.suspicious.length).toBe(sizeAtRead);
			expect(sent(sim)).toEqual(expectedRequests(sim, '10.3.0.4'));
		});

		it('ghost with Continue On Fail: the address is reported as an error on its item', async () => {
			const { sim } = env;
			sim.setOptions({ ipPost: 'ghost' });

			const { items, error } = await run([{ ips: '10.3.0.4' }, { ips: '10.3.0.4' }], {}, true);

			expect(error).toBeUndefined();
			expect(sent(sim)).toEqual(expectedRequests(sim, '10.3.0.4'));
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
			expect(sent(sim)).toEqual(expectedRequests(sim, '10.3.0.5'));
			expect(jsonOf(items)).toEqual([added(entryFor(sim, 'suspicious', '10.3.0.5'))]);
		});
	},
);

describe('ipLibrary addIps: a POST refused as a duplicate', () => {
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
		// The refusal is settled by a search; nothing was sent, so nothing is confirmed afterwards.
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
		const librarySize = libraryOfSize(sim, 'suspicious', 180);
		expect(confirmsByWalk(librarySize, 1)).toBe(false);
		const readPages = walkOf('suspicious', librarySize).length;
		// The read passes; the next GET (the confirming search) fails.
		sim.injectFaults([
			{ kind: 'slow', ms: 0, times: readPages, match: { method: 'GET', path: '/ip/suspicious' } },
			{ kind: 'status', status: 500, match: { method: 'GET', path: '/ip/suspicious' } },
		]);

		const { error } = await run([{ ips: '10.4.0.7' }]);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Cloudlock accepted "10.4.0.7" but checking that it is in the Suspicious library failed: Cloudlock had a server error (HTTP 500, GET /ip/suspicious): Internal server error',
		);
		expect((error as NodeApiError).httpCode).toBe('500');
		expect((error as NodeApiError).context.itemIndex).toBe(0);
		expect(sent(sim)).toEqual([
			...walkOf('suspicious', librarySize),
			postOf('suspicious', { ip_address: '10.4.0.7' }),
			searchFor('suspicious', '10.4.0.7'),
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

describe('ipLibrary addIps: how added addresses are confirmed', () => {
	it('a few new addresses in a big library: one search per address, no second walk', async () => {
		const { sim } = env;
		const librarySize = libraryOfSize(sim, 'suspicious', 430);
		const ips = ['10.5.0.1', '10.5.0.2', '10.5.0.3'];
		expect(confirmsByWalk(librarySize, ips.length)).toBe(false);

		const { items, error } = await run([{ ips: ips.join(', ') }], {
			options: { maxConcurrency: 1 },
		});

		expect(error).toBeUndefined();
		expect(sent(sim)).toEqual([
			...walkOf('suspicious', librarySize),
			...ips.map((ip) => postOf('suspicious', { ip_address: ip })),
			...ips.map((ip) => searchFor('suspicious', ip)),
		]);
		expect(libraryWalk(sim, 'suspicious')).toEqual(walkOf('suspicious', librarySize));
		expect(jsonOf(items)).toEqual(ips.map((ip) => added(entryFor(sim, 'suspicious', ip))));
	});

	it('many new addresses in a small library: one walk after all writes, no search', async () => {
		const { sim } = env;
		const librarySize = libraryOfSize(sim, 'suspicious', 30);
		const ips = newAddresses(sim, 150);
		expect(confirmsByWalk(librarySize, ips.length)).toBe(true);

		const { items, error } = await run(
			[0, 1, 2].map((k) => ({ ips: ips.slice(k * 50, k * 50 + 50) })),
		);

		expect(error).toBeUndefined();
		const requests = sent(sim);
		const read = walkOf('suspicious', librarySize);
		expect(requests.slice(0, read.length)).toEqual(read);
		const writes = requests.slice(read.length, read.length + ips.length);
		expect(writes.map((r) => [r.method, r.path])).toEqual(
			ips.map(() => ['POST', pathOf('suspicious')]),
		);
		expect(writes.map((r) => (r.body as IDataObject).ip_address).sort()).toEqual([...ips].sort());
		expect(requests.slice(read.length + ips.length)).toEqual(
			walkOf('suspicious', librarySize + ips.length),
		);
		expect(searches(sim, 'suspicious')).toEqual([]);
		expect(sim.state.ip.suspicious.length).toBe(librarySize + ips.length);
		expect(jsonOf(items)).toEqual(ips.map((ip) => added(entryFor(sim, 'suspicious', ip))));
		expect(pairsOf(items)).toEqual(ips.map((_, i) => ({ item: Math.floor(i / 50) })));
	});

	// 2 new addresses: a walk of 197 + 2 entries takes 2 pages (= 2 searches), of 198 + 2 takes 3.
	it.each([
		{ size: 197, walks: true },
		{ size: 198, walks: false },
	])(
		'at the threshold: 2 new addresses in a library of $size are confirmed by a walk: $walks',
		async ({ size, walks }) => {
			const { sim } = env;
			const librarySize = libraryOfSize(sim, 'suspicious', size);
			const ips = ['10.5.1.1', '10.5.1.2'];
			expect(confirmsByWalk(librarySize, ips.length)).toBe(walks);

			const { items, error } = await run([{ ips }], { options: { maxConcurrency: 1 } });

			expect(error).toBeUndefined();
			expect(sent(sim)).toEqual([
				...walkOf('suspicious', librarySize),
				...ips.map((ip) => postOf('suspicious', { ip_address: ip })),
				...(walks
					? walkOf('suspicious', librarySize + ips.length)
					: ips.map((ip) => searchFor('suspicious', ip))),
			]);
			expect(jsonOf(items)).toEqual(ips.map((ip) => added(entryFor(sim, 'suspicious', ip))));
		},
	);

	it('picks the check per library when items write to both', async () => {
		const { sim } = env;
		const suspiciousSize = libraryOfSize(sim, 'suspicious', 180);
		const trustedSize = sim.state.ip.trusted.length;
		expect(confirmsByWalk(suspiciousSize, 1)).toBe(false);
		expect(confirmsByWalk(trustedSize, 1)).toBe(true);

		const { items, error } = await run(
			[
				{ ips: '10.5.2.1', library: 'suspicious' },
				{ ips: '10.5.2.2', library: 'trusted' },
			],
			{ library: '={{ $json.library }}' },
		);

		expect(error).toBeUndefined();
		expect(onlyTo(sim, 'suspicious')).toEqual([
			...walkOf('suspicious', suspiciousSize),
			postOf('suspicious', { ip_address: '10.5.2.1' }),
			searchFor('suspicious', '10.5.2.1'),
		]);
		expect(onlyTo(sim, 'trusted')).toEqual([
			...walkOf('trusted', trustedSize),
			postOf('trusted', { ip_address: '10.5.2.2' }),
			...walkOf('trusted', trustedSize + 1),
		]);
		expect(jsonOf(items)).toEqual([
			added(entryFor(sim, 'suspicious', '10.5.2.1')),
			added(entryFor(sim, 'trusted', '10.5.2.2'), 'trusted'),
		]);
	});

	describe('ghost answers found out by the walk', () => {
		const GHOSTS = 3;
		const message = (ip: string) =>
			`Cloudlock accepted "${ip}" but it is not in the Suspicious library afterwards`;

		/** 150 new addresses; Cloudlock drops the first GHOSTS it answers 200 to. */
		async function runWithGhosts(continueOnFail: boolean) {
			const { sim } = env;
			const librarySize = libraryOfSize(sim, 'suspicious', 30);
			const ips = newAddresses(sim, 150);
			expect(confirmsByWalk(librarySize, ips.length)).toBe(true);
			sim.setOptions({ ipPost: 'ghost' });
			// One write at a time; the write after the ghosts is held until the mode is back to normal.
			const post = { method: 'POST', path: '/ip/suspicious' };
			sim.injectFaults([
				{ kind: 'slow', ms: 0, times: GHOSTS, match: post },
				{ kind: 'slow', ms: 500, match: post },
			]);
			const switching = (async () => {
				while (sim.requests.filter((r) => r.method === 'POST').length <= GHOSTS) await sleep(2);
				sim.setOptions({ ipPost: 'entry' });
			})();
			const result = await run([{ ips }], { options: { maxConcurrency: 1 } }, continueOnFail);
			await switching;
			return { ...result, sim, librarySize, ips, ghosts: ips.slice(0, GHOSTS) };
		}

		it('with Continue On Fail: an error for exactly the ghost addresses, the others added', async () => {
			const { items, error, sim, librarySize, ips, ghosts } = await runWithGhosts(true);

			expect(error).toBeUndefined();
			expect(ghosts.flatMap((ip) => entriesFor(sim, 'suspicious', ip))).toEqual([]);
			const stored = librarySize + ips.length - ghosts.length;
			expect(sim.state.ip.suspicious.length).toBe(stored);
			expect(sent(sim)).toEqual([
				...walkOf('suspicious', librarySize),
				...ips.map((ip) => postOf('suspicious', { ip_address: ip })),
				...walkOf('suspicious', stored),
			]);
			expect(jsonOf(items)).toEqual(
				ips.map((ip) =>
					ghosts.includes(ip)
						? { ip, status: 'error', library: 'suspicious', error: message(ip) }
						: added(entryFor(sim, 'suspicious', ip)),
				),
			);
		});

		it('without it: the node fails naming the first ghost and counting the added ones', async () => {
			const { items, error, ips, ghosts } = await runWithGhosts(false);

			expect(items).toEqual([]);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toBe(message(ghosts[0]));
			expect((error as NodeOperationError).context.itemIndex).toBe(0);
			expect((error as NodeOperationError).description).toContain(
				`${ips.length - ghosts.length} new addresses were added before the node stopped`,
			);
		});
	});

	describe('a fault on the confirming walk', () => {
		const ips = ['10.6.0.1', '10.6.0.2', '10.6.0.3'];
		const input = [{ ips: ips.slice(0, 2) }, { ips: ips.slice(2) }];
		const checkFailed = (ip: string) =>
			`Cloudlock accepted "${ip}" but checking that it is in the Suspicious library failed: Cloudlock had a server error (HTTP 500, GET /ip/suspicious): Internal server error`;
		let librarySize = 0;
		beforeEach(() => {
			const { sim } = env;
			librarySize = libraryOfSize(sim, 'suspicious', 30);
			expect(confirmsByWalk(librarySize, ips.length)).toBe(true);
			const readPages = walkOf('suspicious', librarySize).length;
			// The read passes; the first page of the confirming walk answers 500.
			sim.injectFaults([
				{ kind: 'slow', ms: 0, times: readPages, match: { method: 'GET', path: '/ip/suspicious' } },
				{ kind: 'status', status: 500, match: { method: 'GET', path: '/ip/suspicious' } },
			]);
		});
		const expectedRequests = () => [
			...walkOf('suspicious', librarySize),
			...ips.map((ip) => postOf('suspicious', { ip_address: ip })),
			walkOf('suspicious', librarySize + ips.length)[0],
		];

		it('with Continue On Fail: every sent address reports the failed check', async () => {
			const { sim } = env;
			const { items, error } = await run(input, { options: { maxConcurrency: 1 } }, true);

			expect(error).toBeUndefined();
			expect(sent(sim)).toEqual(expectedRequests());
			// The writes themselves went through.
			ips.forEach((ip) => expect(entriesFor(sim, 'suspicious', ip)).toHaveLength(1));
			expect(jsonOf(items)).toEqual(
				ips.map((ip) => ({ ip, status: 'error', library: 'suspicious', error: checkFailed(ip) })),
			);
			expect(pairsOf(items)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
		});

		it('without it: the node fails naming the first address', async () => {
			const { sim } = env;
			const { items, error } = await run(input, { options: { maxConcurrency: 1 } });

			expect(items).toEqual([]);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error?.message).toBe(checkFailed(ips[0]));
			expect((error as NodeApiError).httpCode).toBe('500');
			expect((error as NodeApiError).context.itemIndex).toBe(0);
			expect((error as NodeApiError).description).toContain(
				'0 new addresses were added before the node stopped',
			);
			expect(sent(sim)).toEqual(expectedRequests());
		});
	});
});
