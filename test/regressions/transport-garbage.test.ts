/**
 * A misbehaving Cloudlock: list entries that are not records (null crashed the de-duplication
 * with a TypeError, a leading null made the incident list look empty, numbers became output
 * items whose json is not an object), and the token echoed back in another letter case.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode, runPoll } from '../helpers/engine';
import { fastRetries } from '../helpers/simulator';
import { startScripted } from './servers';
import type { ScriptedAnswer } from './servers';

fastRetries();

const MARKER = 'cl-Secret-Token-7f3a9';

async function run(answer: ScriptedAnswer, parameters: IDataObject, continueOnFail = false) {
	const server = await startScripted(() => answer);
	try {
		const result = await runNode({
			parameters,
			credentials: { baseUrl: server.baseUrl, accessToken: MARKER },
			continueOnFail,
			input: [{}, {}],
		});
		return { ...result, requests: server.requests.length };
	} finally {
		await server.close();
	}
}

const listIncidents = { resource: 'incident', operation: 'getAll', returnAll: true };

describe('list entries that are not records', () => {
	const cases: Array<[string, unknown[], string]> = [
		['a null after a record', [{ id: '1' }, null], 'position 1: null'],
		['a leading null', [null], 'position 0: null'],
		['numbers', [1, 2], 'position 0: 1'],
		['a string', [{ id: '1' }, { id: '2' }, 'x'], 'position 2: "x"'],
		['a nested array', [[{ id: '1' }]], 'position 0: [{"id":"1"}]'],
	];
	for (const [label, items, where] of cases) {
		it(`${label} fails naming the entry`, async () => {
			const { items: out, error } = await run({ body: { items } }, listIncidents);

			expect(out).toEqual([]);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error?.message).toBe(
				`Cloudlock's answer to GET /incidents holds an entry that is not a record (${where})`,
			);
			expect((error as NodeApiError).context.itemIndex).toBe(0);
		});
	}

	it('a policy list (bare array) with a null entry fails the same way', async () => {
		const { error } = await run(
			{ body: [{ id: 'p1' }, null] },
			{ resource: 'policy', operation: 'getAll', returnAll: true },
		);

		expect(error?.message).toBe(
			"Cloudlock's answer to GET /policies holds an entry that is not a record (position 1: null)",
		);
	});

	it('Continue On Fail: each item gets the error, paired to its input', async () => {
		const { items, error } = await run({ body: { items: [7] } }, listIncidents, true);

		expect(error).toBeUndefined();
		const message =
			"Cloudlock's answer to GET /incidents holds an entry that is not a record (position 0: 7)";
		expect(items).toEqual([
			{ json: { error: message }, pairedItem: { item: 0 } },
			{ json: { error: message }, pairedItem: { item: 1 } },
		]);
	});

	it('the trigger fails the poll instead of skipping the entry', async () => {
		const server = await startScripted(() => ({ body: { items: [null] } }));
		try {
			await expect(
				runPoll({
					parameters: { event: 'newIncident' },
					staticData: {},
					credentials: { baseUrl: server.baseUrl, accessToken: MARKER },
				}),
			).rejects.toThrow(
				"Cloudlock's answer to GET /incidents holds an entry that is not a record (position 0: null)",
			);
		} finally {
			await server.close();
		}
	});
});

describe('the token echoed back in another case never leaves the node', () => {
	const echoes: Array<[string, ScriptedAnswer]> = [
		[
			'upper case in a 404 message',
			{ status: 404, body: { message: `token ${MARKER.toUpperCase()}` } },
		],
		[
			'lower case in a 400 error field',
			{ status: 400, body: { error: `bad ${MARKER.toLowerCase()}` } },
		],
		[
			'an HTML 500 page',
			{
				status: 500,
				headers: { 'Content-Type': 'text/html' },
				body: `<html><body>token=${MARKER.toUpperCase()}</body></html>`,
			},
		],
		['a 401 message', { status: 401, body: { message: `Token ${MARKER.toLowerCase()} expired` } }],
	];
	for (const [label, answer] of echoes) {
		it(`${label}`, async () => {
			const { items, error } = await run(
				answer,
				{ resource: 'incident', operation: 'get', incidentId: '1' },
				false,
			);
			const cof = await run(
				answer,
				{ resource: 'incident', operation: 'get', incidentId: '1' },
				true,
			);

			expect(items).toEqual([]);
			expect(error).toBeInstanceOf(NodeApiError);
			const apiError = error as NodeApiError;
			const everything = [
				apiError.message,
				apiError.description ?? '',
				JSON.stringify(apiError),
				JSON.stringify(apiError.context),
				JSON.stringify(apiError.cause ?? null),
				String(apiError.stack),
				JSON.stringify(cof.items),
			].join('\n');
			expect(everything.toLowerCase()).not.toContain(MARKER.toLowerCase());
			expect(everything).toContain('[redacted]');
		});
	}
});
