import type { INode } from 'n8n-workflow';
import { Expression, NodeOperationError, Workflow } from 'n8n-workflow';

import { CiscoCloudlockApi } from '../../credentials/CiscoCloudlockApi.credentials';
import { normalizeBaseUrl } from '../../nodes/CiscoCloudlock/helpers/baseUrl';
import { testCredential } from '../helpers/credentialTest';
import { NODE_TYPE, nodeTypes, runNode } from '../helpers/engine';
import { useSimulator } from '../helpers/simulator';

const marker = 'credential-marker-4Jd9';
const env = useSimulator({ token: marker });
const credential = new CiscoCloudlockApi();

const BAD_URL =
	'The Base URL must be a web address starting with https:// (the API URL Cloudlock support gave your tenant)';

const VALID: Array<[string, string]> = [
	['https://acme.cloudlock.com/api/v2', 'https://acme.cloudlock.com/api/v2'],
	['  https://acme.cloudlock.com/api/v2 \n', 'https://acme.cloudlock.com/api/v2'],
	['https://acme.cloudlock.com/api/v2/', 'https://acme.cloudlock.com/api/v2'],
	['https://acme.cloudlock.com/api/v2///', 'https://acme.cloudlock.com/api/v2'],
	['https://acme.cloudlock.com', 'https://acme.cloudlock.com/api/v2'],
	['https://acme.cloudlock.com/', 'https://acme.cloudlock.com/api/v2'],
	['https://gateway.example.net/cloudlock/', 'https://gateway.example.net/cloudlock/api/v2'],
	['http://127.0.0.1:8080', 'http://127.0.0.1:8080/api/v2'],
	['HTTPS://ACME.cloudlock.com/API/V2', 'HTTPS://ACME.cloudlock.com/API/V2'],
];

const INVALID = [
	'ftp://acme.cloudlock.com/api/v2',
	'acme.cloudlock.com',
	'acme.cloudlock.com/api/v2',
	'mailto:soc@example.com',
	'https://',
	'https:///api/v2',
	'',
	'   ',
];

describe('normalizeBaseUrl', () => {
	it.each(VALID)('%j → %s', (input, expected) => {
		expect(normalizeBaseUrl(input)).toBe(expected);
	});

	it.each([...INVALID, undefined, null])('%j is refused with the exact message', (input) => {
		expect(() => normalizeBaseUrl(input)).toThrow(new Error(BAD_URL));
	});
});

describe('the node with a Base URL that is not http(s)', () => {
	it('fails the item with the same message before any request', async () => {
		const { items, error } = await runNode({
			parameters: { resource: 'incident', operation: 'getAll', returnAll: false, limit: 1 },
			credentials: { ...env.credentials, baseUrl: 'acme.cloudlock.com/api/v2' },
		});

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(BAD_URL);
		expect((error as NodeOperationError).description).toBe(
			'Fix the Base URL in the Cisco Cloudlock API credential.',
		);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expect(env.sim.requests).toEqual([]);
	});
});

describe('the credential test request’s base URL expression (n8n-workflow expression engine)', () => {
	const node: INode = {
		id: 'n',
		name: 'Cisco Cloudlock',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const evaluate = (baseUrl: string) =>
		workflow.expression.getSimpleParameterValue(
			node,
			credential.test.request.baseURL as string,
			'internal',
			{ $credentials: { baseUrl, accessToken: 'x' } },
		);

	it('is an expression evaluated by the legacy engine in this test run', () => {
		expect(String(credential.test.request.baseURL).startsWith('={{')).toBe(true);
		expect(Expression.getActiveImplementation()).toBe('legacy');
	});

	it.each(VALID)('%j gives the same URL as normalizeBaseUrl', (input, expected) => {
		expect(evaluate(input)).toBe(expected);
		expect(evaluate(input)).toBe(normalizeBaseUrl(input));
	});

	// The expression throws BAD_URL; n8n's legacy engine turns an error thrown inside an
	// expression into an empty result (its VM engines rethrow it), so no URL comes out.
	it.each(INVALID)('%j gives no URL', (input) => {
		expect(evaluate(input)).toBeUndefined();
	});
});

describe('n8n’s credential test against the simulator', () => {
	const RULE = Object.fromEntries(
		(credential.test.rules ?? []).map((rule) => [
			rule.type === 'responseCode' ? String(rule.properties.value) : 'body',
			rule.properties.message,
		]),
	);

	it('passes with the right token and sends one GET /incidents?limit=1 with the bearer token', async () => {
		await expect(testCredential(env.credentials)).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(
			env.sim.requests.map((r) => [r.method, r.path, r.query, r.headers.authorization]),
		).toEqual([
			['GET', '/api/v2/incidents', { limit: '1', count_total: 'false' }, `Bearer ${env.sim.token}`],
		]);
	});

	it.each([
		['the bare origin', () => env.sim.origin],
		['a trailing slash', () => `${env.sim.baseUrl}/`],
		['surrounding spaces', () => `  ${env.sim.origin}/  `],
	])('passes with %s as the Base URL', async (_label, baseUrl) => {
		await expect(testCredential({ ...env.credentials, baseUrl: baseUrl() })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(env.sim.requests.map((r) => r.path)).toEqual(['/api/v2/incidents']);
	});

	it('F11: a wrong token fails with the 401 message', async () => {
		await expect(
			testCredential({ ...env.credentials, accessToken: 'wrong-token' }),
		).resolves.toEqual({
			status: 'Error',
			message:
				'The access token was rejected (HTTP 401). Generate a new token in Cloudlock under Settings → Authentication & API and paste it into this Cisco Cloudlock API credential.',
		});
		expect(RULE['401']).toBe(
			'The access token was rejected (HTTP 401). Generate a new token in Cloudlock under Settings → Authentication & API and paste it into this Cisco Cloudlock API credential.',
		);
	});

	it('a 403 fails with the 403 message', async () => {
		env.sim.injectFault({ kind: 'status', status: 403 });
		await expect(testCredential(env.credentials)).resolves.toEqual({
			status: 'Error',
			message: RULE['403'],
		});
	});

	it('a Base URL with a wrong path fails with the 404 message', async () => {
		await expect(
			testCredential({ ...env.credentials, baseUrl: `${env.sim.origin}/cloudlock` }),
		).resolves.toEqual({ status: 'Error', message: RULE['404'] });
		expect(env.sim.requests.map((r) => [r.path, r.status])).toEqual([
			['/cloudlock/api/v2/incidents', 404],
		]);
	});

	it.each(['html', 'notCloudlock'] as const)(
		'F12: a host answering 200 with a %s body fails',
		async (kind) => {
			env.sim.injectFault({ kind });
			await expect(testCredential(env.credentials)).resolves.toEqual({
				status: 'Error',
				message:
					'The Base URL answered, but not like the Cloudlock API (no incident list in the response). Check the Base URL: it should be the API URL Cloudlock support gave your tenant, e.g. https://acme.cloudlock.com/api/v2.',
			});
		},
	);

	it('a server error without a rule fails with the HTTP status text', async () => {
		env.sim.injectFault({ kind: 'status', status: 500 });
		await expect(testCredential(env.credentials)).resolves.toEqual({
			status: 'Error',
			message: 'Internal Server Error',
		});
	});

	it('a Base URL that is not http(s) fails before any request', async () => {
		await expect(
			testCredential({ ...env.credentials, baseUrl: 'ftp://acme.cloudlock.com' }),
		).resolves.toEqual({ status: 'Error', message: 'Invalid URL' });
		expect(env.sim.requests).toEqual([]);
	});
});
