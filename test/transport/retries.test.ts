import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiList, apiRequest, transportSettings } from '../../nodes/CiscoCloudlock/transport';
import { executeContext, runNode } from '../helpers/engine';
import { fastRetries, useSimulator } from '../helpers/simulator';
import type { Fault } from '../simulator/server';
import { ids, incidentsIn, requestsOnlyTo, tokenLeakGuard } from './support';

const MARKER = 'retry-secret-Vb27kP';
const env = useSimulator({ token: MARKER });
fastRetries();
const recordError = tokenLeakGuard(MARKER);
requestsOnlyTo(() => env.sim.baseUrl);

const call = async (
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	credentials = env.credentials,
) => await apiRequest.call(executeContext({ credentials }), { method, path, body });

const failureOf = async (promise: Promise<unknown>): Promise<NodeApiError> => {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	return recordError(error as NodeApiError);
};

/** Status of every request the simulator saw for `path` (0 = connection reset). */
const statuses = (path: string) =>
	env.sim.requests.filter((r) => r.path === `/api/v2${path}`).map((r) => r.status);

const firstIncident = () => env.sim.state.incidents[0];
const incidentPath = () => `/incidents/${firstIncident().id}`;
const maxAttempts = () => transportSettings.maxRetries + 1;

describe('retries', () => {
	it.each<[string, Fault['times'], string | undefined]>([
		['Retry-After in seconds', 2, '1'],
		['Retry-After as an HTTP date', 2, 'http-date:1'],
		['no Retry-After', 3, undefined],
	])('F9: a 429 with %s is retried until it succeeds', async (_label, times, retryAfter) => {
		env.sim.injectFault({
			kind: 'status',
			status: 429,
			times,
			retryAfter,
			match: { method: 'GET' },
		});

		const body = await call('GET', incidentPath());

		expect(body).toEqual(firstIncident());
		expect(statuses(incidentPath())).toEqual([...Array(times).fill(429), 200]);
	});

	it('F9: a 429 on every attempt ends in an error naming the rate limit', async () => {
		env.sim.injectFault({ kind: 'status', status: 429, times: 50, retryAfter: '1' });

		const error = await failureOf(call('GET', incidentPath()));

		expect(error.message).toBe(
			`Cloudlock's rate limit was hit (HTTP 429) and the request still failed after ${maxAttempts()} attempts (GET ${incidentPath()})`,
		);
		expect(error.httpCode).toBe('429');
		expect(statuses(incidentPath())).toEqual(Array(maxAttempts()).fill(429));
	});

	it.each([502, 503, 504])('a GET answered %i is retried', async (status) => {
		env.sim.injectFault({ kind: 'status', status, times: 2 });

		const body = await call('GET', incidentPath());

		expect(body).toEqual(firstIncident());
		expect(statuses(incidentPath())).toEqual([status, status, 200]);
	});

	it.each([502, 503, 504])(
		'a POST answered %i is not retried (it may have been applied)',
		async (status) => {
			env.sim.injectFault({ kind: 'status', status, times: 2 });
			const before = env.sim.state.ip.suspicious.length;

			const error = await failureOf(call('POST', '/ip/suspicious', { ip_address: '203.0.113.7' }));

			const text = { 502: 'Bad gateway', 503: 'Service unavailable', 504: 'Gateway timeout' }[
				status
			];
			expect(error.message).toBe(
				`Cloudlock had a server error (HTTP ${status}, POST /ip/suspicious): ${text}`,
			);
			expect(statuses('/ip/suspicious')).toEqual([status]);
			expect(env.sim.state.ip.suspicious.length).toBe(before);
		},
	);

	it('a POST answered 429 is retried once the server accepts it, creating one entry', async () => {
		env.sim.injectFault({ kind: 'status', status: 429, retryAfter: '1' });
		const before = env.sim.state.ip.suspicious.length;

		const body = (await call('POST', '/ip/suspicious', {
			ip_address: '203.0.113.8',
		})) as IDataObject;

		expect(statuses('/ip/suspicious')).toEqual([429, 200]);
		expect(env.sim.state.ip.suspicious.length).toBe(before + 1);
		expect(body.ip_address).toBe('203.0.113.8');
	});

	it('a 500 is not retried', async () => {
		env.sim.injectFault({ kind: 'status', status: 500, times: 2 });

		const error = await failureOf(call('GET', incidentPath()));

		expect(error.message).toBe(
			`Cloudlock had a server error (HTTP 500, GET ${incidentPath()}): Internal server error`,
		);
		expect(statuses(incidentPath())).toEqual([500]);
	});

	it('a reset connection is retried for a GET', async () => {
		env.sim.injectFault({ kind: 'reset', times: 2 });

		const body = await call('GET', incidentPath());

		expect(body).toEqual(firstIncident());
		expect(statuses(incidentPath())).toEqual([0, 0, 200]);
	});

	it('a reset connection on every attempt ends in a network error', async () => {
		env.sim.injectFault({ kind: 'reset', times: 50 });

		const error = await failureOf(call('GET', incidentPath()));

		expect(error.message).toBe(
			`The connection to Cloudlock failed after ${maxAttempts()} attempts (GET ${incidentPath()})`,
		);
		expect(error.description).toBe(
			'Network error ECONNRESET. Check that this n8n host can reach the Base URL in the "Cloudlock (test)" credential.',
		);
		expect(statuses(incidentPath())).toEqual(Array(maxAttempts()).fill(0));
	});

	it('a reset connection is not retried for a POST', async () => {
		env.sim.injectFault({ kind: 'reset' });

		const error = await failureOf(call('POST', '/ip/suspicious', { ip_address: '203.0.113.9' }));

		expect(error.message).toBe('The connection to Cloudlock failed (POST /ip/suspicious)');
		expect(statuses('/ip/suspicious')).toEqual([0]);
	});

	it('an answer slower than the timeout ends in a timeout error', async () => {
		const saved = transportSettings.timeoutMs;
		transportSettings.timeoutMs = 300;
		try {
			env.sim.injectFault({ kind: 'slow', ms: 1500 });

			const error = await failureOf(call('GET', incidentPath()));

			expect(error.message).toBe(`Cloudlock did not answer in time (GET ${incidentPath()})`);
			expect(error.description).toBe(
				'The request timed out. Cloudlock may be slow or unreachable from this n8n host; try again later or narrow the filters.',
			);
			expect(env.sim.requests).toHaveLength(1);
		} finally {
			transportSettings.timeoutMs = saved;
		}
	});

	it('F15: Return All under a rate-limited server finishes with every record', async () => {
		const saved = transportSettings.maxDelayMs;
		// Honour the simulator's Retry-After: 1 (the file's fast settings cap waits at 50 ms).
		transportSettings.maxDelayMs = 1500;
		try {
			env.sim.reset({ seedCounts: { incidents: 350 } });
			env.sim.setOptions({ rateLimitPerSecond: 2 });

			const records = await apiList.call(
				executeContext({ credentials: env.credentials }),
				'/incidents',
				{ order: 'created_at' },
			);

			expect(ids(records)).toEqual(ids(incidentsIn(env.sim, 'created_at')));
			expect(statuses('/incidents')).toContain(429);
			expect(statuses('/incidents').filter((s) => s === 200)).toHaveLength(4);
		} finally {
			transportSettings.maxDelayMs = saved;
		}
	});
});

describe('answers that are not what they should be', () => {
	it('malformed JSON', async () => {
		env.sim.injectFault({ kind: 'malformed' });

		const error = await failureOf(call('GET', incidentPath()));

		expect(error.message).toBe(
			`Cloudlock answered with something that is not JSON (HTTP 200, application/json) for GET ${incidentPath()}`,
		);
	});

	it('an HTML page with status 200', async () => {
		env.sim.injectFault({ kind: 'html' });

		const error = await failureOf(call('GET', incidentPath()));

		expect(error.message).toBe(
			`Cloudlock answered with something that is not JSON (HTTP 200, text/html; charset=utf-8) for GET ${incidentPath()}`,
		);
		expect(error.description).toMatch(
			/^Check the Base URL in the "Cloudlock \(test\)" credential: it must be the API URL Cloudlock support gave your tenant, ending in \/api\/v2\. The response began with: <!DOCTYPE html>/,
		);
	});

	it.each<[number, string, (path: string, text: string) => string]>([
		[
			400,
			'Invalid value for severity: LOUD',
			(p, t) => `Cloudlock rejected the request as invalid (HTTP 400, GET ${p}): ${t}`,
		],
		[
			403,
			'IP 198.51.100.4 is not allowed',
			(p, t) => `Cloudlock refused access (HTTP 403, GET ${p}): ${t}`,
		],
		[
			404,
			'A resource with that ID does not exist',
			(p, t) => `Not found in Cloudlock (HTTP ${404}, GET ${p}): ${t}`,
		],
	])('HTTP %i carries Cloudlock’s message', async (status, text, expected) => {
		env.sim.injectFault({ kind: 'status', status, body: { message: text } });

		const error = await failureOf(call('GET', incidentPath()));

		expect(error.message).toBe(expected(incidentPath(), text));
		expect(error.httpCode).toBe(String(status));
	});

	it('a real 404 from the simulator for an unknown incident', async () => {
		const error = await failureOf(call('GET', '/incidents/999999999'));

		expect(error.message).toBe(
			'Not found in Cloudlock (HTTP 404, GET /incidents/999999999): A resource with that ID does not exist',
		);
	});

	it('F11: a 401 says the access token was rejected and names the credential', async () => {
		const error = await failureOf(
			call('GET', incidentPath(), undefined, { ...env.credentials, accessToken: 'not-the-token' }),
		);

		expect(error.message).toBe(
			'The access token was rejected (HTTP 401). Check the Access Token in the "Cloudlock (test)" credential',
		);
		expect(error.description).toBe(
			'Generate a new token in Cloudlock under Settings → Authentication & API and paste it into the credential. Cloudlock said: Invalid token',
		);
		expect(error.httpCode).toBe('401');
	});

	it('F11: through the node, the 401 names the credential and the item', async () => {
		const { error } = await runNode({
			parameters: { resource: 'incident', operation: 'get', incidentId: firstIncident().id },
			credentials: { ...env.credentials, accessToken: 'not-the-token' },
		});

		expect(error).toBeInstanceOf(NodeApiError);
		recordError(error);
		expect(error?.message).toBe(
			'The access token was rejected (HTTP 401). Check the Access Token in the "Cloudlock (test)" credential',
		);
		expect((error as NodeApiError).context.itemIndex).toBe(0);
	});

	it('the token never appears in an error, even when the server echoes it', async () => {
		env.sim.injectFaults([
			{ kind: 'status', status: 400, body: { message: `token ${MARKER} is malformed` } },
			{ kind: 'status', status: 500, body: `<html>Authorization: Bearer ${MARKER}</html>` },
			{ kind: 'status', status: 200, body: `<html>${MARKER}</html>` },
		]);

		const errors = [
			await failureOf(call('GET', incidentPath())),
			await failureOf(call('GET', incidentPath())),
			await failureOf(call('GET', incidentPath())),
		];

		expect(errors.map((e) => e.message)).toEqual([
			`Cloudlock rejected the request as invalid (HTTP 400, GET ${incidentPath()}): token [redacted] is malformed`,
			`Cloudlock had a server error (HTTP 500, GET ${incidentPath()}): <html>Authorization: Bearer [redacted]`,
			`Cloudlock answered with something that is not JSON (HTTP 200, text/html; charset=utf-8) for GET ${incidentPath()}`,
		]);
	});
});
