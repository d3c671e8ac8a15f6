/**
 * Contract: every request the node can send matches Cisco's OpenAPI
 * (../shared/reference/cloudlock-openapi-1.0.0.yaml) — path template, method, query parameters
 * and JSON body fields — or one of the documented exceptions in exceptions.ts.
 *
 * The requests come from running the node through n8n-core against the simulator with the
 * fixture table in fixtures.ts. The last test (stale exceptions) needs the runs before it, so run
 * the file whole.
 */
import type { Simulator } from '../simulator/server';
import { CONTRACT_EXCEPTIONS } from './exceptions';
import { CONTRACT_FIXTURES } from './fixtures';
import { runAgainst, startContractSimulator } from './harness';
import { coverageOf, landedResources, nodeOperations, requiredCoverage } from './nodeParameters';
import { bodyKeys, checkRequest, exceptionAllowances, loadSpecOperations } from './spec';
import type { CapturedRequest } from './spec';

const specOperations = loadSpecOperations();
const operations = nodeOperations();
const landed = landedResources();
const allResources = [
	'activity',
	'app',
	'entity',
	'incident',
	'incidentAggregate',
	'incidentEntity',
	'ipLibrary',
	'policy',
	'threat',
];
const pending = allResources.filter((r) => !landed.has(r));
const fixturesOf = (resource: string, operation: string) =>
	CONTRACT_FIXTURES.filter((f) => f.resource === resource && f.operation === operation);

let sim: Simulator;

beforeAll(async () => {
	sim = await startContractSimulator();
});

afterAll(async () => {
	await sim.close();
});

describe('contract checker', () => {
	const request = (method: string, path: string, query = {}, body?: unknown): CapturedRequest => ({
		method,
		path,
		query,
		body,
		contentType: body === undefined ? '' : 'application/json',
	});

	it('accepts a request the OpenAPI describes, with a templated id', () => {
		expect(
			checkRequest(request('PUT', '/ip/trusted/6yj3gQxaqo', {}, { name: 'x' }), specOperations, []),
		).toEqual({ operation: 'PUT /ip/trusted/{id}', violations: [], used: [] });
	});

	it('rejects an unknown path, an unknown method, an unknown query key and body field', () => {
		expect(checkRequest(request('GET', '/alerts'), specOperations, []).violations).toEqual([
			'GET /alerts: no such operation in the OpenAPI',
		]);
		expect(checkRequest(request('PATCH', '/incidents/1'), specOperations, []).violations).toEqual([
			'PATCH /incidents/1: no such operation in the OpenAPI',
		]);
		expect(
			checkRequest(
				request('PUT', '/incidents/1', { page: '2' }, { owner: 'a' }),
				specOperations,
				[],
			).violations,
		).toEqual([
			'PUT /incidents/1: query parameter "page" is not in the OpenAPI',
			'PUT /incidents/1: body field "owner" is not in the OpenAPI',
		]);
	});

	it('rejects a missing required query parameter and a JSON body sent as another type', () => {
		expect(checkRequest(request('DELETE', '/ip/trusted'), specOperations, []).violations).toEqual([
			'DELETE /ip/trusted: required query parameter "ids" is missing',
		]);
		const form = {
			...request('PUT', '/incidents/1', {}, { incident_status: 'NEW' }),
			contentType: 'text/plain',
		};
		expect(checkRequest(form, specOperations, []).violations).toEqual([
			'PUT /incidents/1: JSON body sent as "text/plain"',
		]);
	});

	it('rejects a body field of another JSON type than the OpenAPI declares', () => {
		expect(
			checkRequest(
				request('PUT', '/ip/trusted/6yj3gQxaqo', {}, { categories: ['Office'] }),
				specOperations,
				[],
			).violations,
		).toEqual([
			'PUT /ip/trusted/6yj3gQxaqo: body field "categories" is array, the OpenAPI says string',
		]);
	});

	it('allows exactly the keys an exception lists and records their use', () => {
		const check = checkRequest(
			request('GET', '/incidents', { count_total: 'false', page: '1' }),
			specOperations,
			CONTRACT_EXCEPTIONS,
		);
		expect(check.violations).toEqual([
			'GET /incidents: query parameter "page" is not in the OpenAPI',
		]);
		expect(check.used).toEqual([
			`${CONTRACT_EXCEPTIONS.findIndex((e) => e.query?.includes('count_total'))}:query:count_total`,
		]);
	});
});

describe('contract fixture table', () => {
	it.each(operations.map((o) => [`${o.resource}.${o.operation}`, o]))(
		'%s: the fixtures set every parameter the operation shows',
		(_label, { resource, operation }) => {
			const fixtures = fixturesOf(resource, operation);
			expect(fixtures.length).toBeGreaterThan(0);
			const set = new Set(fixtures.flatMap((f) => coverageOf(f.parameters(sim))));
			const missing = requiredCoverage(resource, operation).filter((name) => !set.has(name));
			expect(missing).toEqual([]);
		},
	);

	it('has fixtures only for operations the node offers', () => {
		const offered = new Set(operations.map((o) => `${o.resource}.${o.operation}`));
		const orphans = CONTRACT_FIXTURES.map((f) => `${f.resource}.${f.operation}`).filter(
			(key) => !offered.has(key),
		);
		expect(orphans).toEqual([]);
	});

	it('lists exceptions only for resources the node has', () => {
		expect(
			CONTRACT_EXCEPTIONS.map((e) => e.resource).filter((r) => !allResources.includes(r)),
		).toEqual([]);
	});

	for (const resource of pending) {
		it.todo(
			`${resource}: fixtures follow when its operations land (actions/${resource} is a stub)`,
		);
	}
});

describe('requests the node sends match the OpenAPI', () => {
	const used = new Set<string>();

	it.each(CONTRACT_FIXTURES.map((f) => [f.title, f]))('%s', async (_title, fixture) => {
		const { result, requests } = await runAgainst(sim, fixture.parameters, fixture.input);
		expect(result.error?.message).toBeUndefined();

		const sends: Record<string, Set<string>> = {};
		const violations: string[] = [];
		for (const request of requests) {
			const check = checkRequest(request, specOperations, CONTRACT_EXCEPTIONS);
			violations.push(...check.violations);
			check.used.forEach((u) => used.add(u));
			const keys = (sends[check.operation] ??= new Set());
			Object.keys(request.query).forEach((k) => keys.add(k));
			bodyKeys(request.body).forEach((k) => keys.add(`body.${k}`));
		}
		expect(violations).toEqual([]);
		expect(
			Object.fromEntries(Object.entries(sends).map(([op, keys]) => [op, [...keys].sort()])),
		).toEqual(fixture.sends);
	});

	it('has no stale exception: every listed deviation is still sent by a landed resource', () => {
		const allowances = exceptionAllowances(CONTRACT_EXCEPTIONS);
		const stale = allowances.filter((a) => {
			const exception = CONTRACT_EXCEPTIONS[Number(a.split(':')[0])];
			return landed.has(exception.resource) && !used.has(a);
		});
		expect(stale.map((a) => describeAllowance(a))).toEqual([]);
	});
});

function describeAllowance(allowance: string): string {
	const [index, kind, key] = allowance.split(':');
	const e = CONTRACT_EXCEPTIONS[Number(index)];
	return `${e.method} ${e.path} ${kind}${key ? ` "${key}"` : ''}`;
}
