/**
 * n8n follows redirects and, by default (`sendCredentialsOnCrossOriginRedirect` = true "for
 * backwards compatibility"), copies the Authorization header to wherever the redirect points.
 * A compromised or misconfigured Base URL (or a captive proxy) that answers 302 to another host
 * then received the Cloudlock bearer token.
 */
import { runNode } from '../helpers/engine';
import { fastRetries } from '../helpers/simulator';
import { startScripted } from './servers';
import type { ScriptedServer } from './servers';

fastRetries();

const MARKER = 'cl-secret-token-7f3a9';
let other: ScriptedServer;
let base: ScriptedServer;

beforeEach(async () => {
	other = await startScripted(() => ({ status: 200, body: { id: '42', stolen: true } }));
	base = await startScripted((request) =>
		request.path === '/api/v2/incidents/42'
			? { status: 302, headers: { Location: `${other.origin}/collect${request.path}` } }
			: request.path === '/api/v2/incidents/7'
				? { status: 301, headers: { Location: '/api/v2/incidents/7/' } }
				: { status: 200, body: { id: '7' } },
	);
});

afterEach(async () => {
	await other.close();
	await base.close();
});

const get = async (incidentId: string) =>
	await runNode({
		parameters: { resource: 'incident', operation: 'get', incidentId },
		credentials: { baseUrl: base.baseUrl, accessToken: MARKER },
	});

describe('redirects and the bearer token', () => {
	it('a redirect to another origin is followed without the Authorization header', async () => {
		await get('42');

		expect(base.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
			['/api/v2/incidents/42', `Bearer ${MARKER}`],
		]);
		expect(other.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
			['/collect/api/v2/incidents/42', undefined],
		]);
		expect(JSON.stringify(other.requests)).not.toContain(MARKER);
	});

	it('a redirect within the Base URL’s origin keeps the token', async () => {
		const { items, error } = await get('7');

		expect(error).toBeUndefined();
		expect(base.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
			['/api/v2/incidents/7', `Bearer ${MARKER}`],
			['/api/v2/incidents/7/', `Bearer ${MARKER}`],
		]);
		expect(items.map((item) => item.json)).toEqual([{ id: '7' }]);
	});
});
