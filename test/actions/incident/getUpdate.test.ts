import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { jsonOf, simplifiedIncident } from './expected';

const env = useSimulator();
fastRetries();

const run = (parameters: IDataObject, input?: IDataObject[], continueOnFail?: boolean) =>
	runNode({
		parameters: { resource: 'incident', ...parameters },
		credentials: env.credentials,
		input,
		continueOnFail,
	});
const sent = () =>
	env.sim.requests.map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.body }));
const unknownId = () =>
	String(Math.max(...env.sim.state.incidents.map((i) => Number(i.id))) + 1000);

describe('incident get', () => {
	it('returns the incident Cloudlock holds, from one GET', async () => {
		const incident = env.sim.state.incidents[17];
		const { items, error } = await run({ operation: 'get', incidentId: incident.id });

		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			{ method: 'GET', path: `/api/v2/incidents/${incident.id}`, query: {}, body: undefined },
		]);
		expect(jsonOf(items)).toEqual([incident]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('Simplify returns the flat summary', async () => {
		const incident = env.sim.state.incidents[3];
		const { items } = await run({
			operation: 'get',
			incidentId: ` ${incident.id} `,
			simplify: true,
		});

		expect(jsonOf(items)).toEqual([simplifiedIncident(incident)]);
	});

	it('an unknown ID fails with the 404 and Cloudlock’s message', async () => {
		const id = unknownId();
		const { items, error } = await run({ operation: 'get', incidentId: id });

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			`Not found in Cloudlock (HTTP 404, GET /incidents/${id}): A resource with that ID does not exist`,
		);
		expect((error as NodeApiError).httpCode).toBe('404');
	});

	it('an ID that would change the path fails before any request', async () => {
		const { error } = await run({ operation: 'get', incidentId: '1/../../policies' });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('"Incident ID" is not a valid Cloudlock ID: 1/../../policies');
		expect(env.sim.requests).toEqual([]);
	});

	it('Continue On Fail: 3 items, the middle one unknown → 3 outputs, the middle an error', async () => {
		const [a, b] = [env.sim.state.incidents[0], env.sim.state.incidents[1]];
		const bad = unknownId();
		const { items, error } = await run(
			{ operation: 'get', incidentId: '={{ $json.id }}' },
			[{ id: a.id }, { id: bad }, { id: b.id }],
			true,
		);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			a,
			{
				error: `Not found in Cloudlock (HTTP 404, GET /incidents/${bad}): A resource with that ID does not exist`,
			},
			b,
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without Continue On Fail the error names item index 1 and later items are not sent', async () => {
		const [a, b] = [env.sim.state.incidents[0], env.sim.state.incidents[1]];
		const bad = unknownId();
		const { items, error } = await run({ operation: 'get', incidentId: '={{ $json.id }}' }, [
			{ id: a.id },
			{ id: bad },
			{ id: b.id },
		]);

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
		expect(env.sim.requests.map((r) => r.path)).toEqual([
			`/api/v2/incidents/${a.id}`,
			`/api/v2/incidents/${bad}`,
		]);
	});
});

describe('incident update', () => {
	const cases: Array<[string, IDataObject, IDataObject]> = [
		['status', { status: 'RESOLVED' }, { incident_status: 'RESOLVED' }],
		[
			'status from an expression in lower case',
			{ status: '={{ "in_progress" }}' },
			{ incident_status: 'IN PROGRESS' },
		],
		['severity', { severity: 'ALERT' }, { severity: 'ALERT' }],
		['customer key', { customerKey: 'JIRA-4711' }, { customer_key: 'JIRA-4711' }],
		[
			'all three',
			{ status: 'DISMISSED', severity: 'INFO', customerKey: '' },
			{ incident_status: 'DISMISSED', severity: 'INFO', customer_key: '' },
		],
	];

	it.each(cases)(
		'%s: sends one PUT with that body and returns the updated incident',
		async (_n, fields, body) => {
			const incident = env.sim.state.incidents[42];
			const { items, error } = await run({
				operation: 'update',
				incidentId: incident.id,
				updateFields: fields,
			});

			expect(error).toBeUndefined();
			expect(sent()).toEqual([
				{ method: 'PUT', path: `/api/v2/incidents/${incident.id}`, query: {}, body },
			]);
			const stored = env.sim.state.incidents.find((i) => i.id === incident.id)!;
			for (const [key, value] of Object.entries(body)) expect(stored[key]).toBe(value);
			expect(jsonOf(items)).toEqual([stored]);
		},
	);

	it('Simplify returns the flat summary of the updated incident', async () => {
		const incident = env.sim.state.incidents[7];
		const { items } = await run({
			operation: 'update',
			incidentId: incident.id,
			updateFields: { severity: 'CRITICAL' },
			simplify: true,
		});

		const stored = env.sim.state.incidents.find((i) => i.id === incident.id)!;
		expect(jsonOf(items)).toEqual([simplifiedIncident(stored)]);
		expect(items[0].json.severity).toBe('CRITICAL');
	});

	it('no fields: fails with a clear message and sends nothing', async () => {
		const { items, error } = await run({
			operation: 'update',
			incidentId: env.sim.state.incidents[0].id,
			updateFields: {},
		});

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Choose at least one field to update');
		expect((error as NodeOperationError).description).toBe(
			'Add Status, Severity or Customer Key under Update Fields.',
		);
		expect(env.sim.requests).toEqual([]);
	});

	it('an invalid status from an expression fails before any request', async () => {
		const before = JSON.stringify(env.sim.state.incidents[0]);
		const { error } = await run({
			operation: 'update',
			incidentId: env.sim.state.incidents[0].id,
			updateFields: { status: '={{ "CLOSED" }}' },
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Status "CLOSED" is not a Cloudlock incident status');
		expect((error as NodeOperationError).description).toBe(
			'Use one of: DISMISSED, IN PROGRESS, NEW, RESOLVED.',
		);
		expect(env.sim.requests).toEqual([]);
		expect(JSON.stringify(env.sim.state.incidents[0])).toBe(before);
	});

	it('an unknown ID fails with the 404 message', async () => {
		const id = unknownId();
		const { error } = await run({
			operation: 'update',
			incidentId: id,
			updateFields: { status: 'NEW' },
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			`Not found in Cloudlock (HTTP 404, PUT /incidents/${id}): A resource with that ID does not exist`,
		);
	});

	it('an empty PUT answer is followed by a GET, so the output is still the incident', async () => {
		const incident = env.sim.state.incidents[9];
		env.sim.injectFault({ kind: 'status', status: 200, body: '', match: { method: 'PUT' } });
		const { items, error } = await run({
			operation: 'update',
			incidentId: incident.id,
			updateFields: { status: 'NEW' },
		});

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`PUT /api/v2/incidents/${incident.id}`,
			`GET /api/v2/incidents/${incident.id}`,
		]);
		expect(jsonOf(items)).toEqual([env.sim.state.incidents[9]]);
	});
});
