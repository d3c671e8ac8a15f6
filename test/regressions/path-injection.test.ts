/**
 * IDs that are dot segments (`.`, `..`) pass the character check but the URL parser resolves them,
 * so `/incidents/.` became the incident LIST and `/incidents/..` the API root: Incident Get
 * returned a list envelope as if it were an incident, and Update sent a PUT to the collection.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../helpers/engine';
import { fastRetries, useSimulator } from '../helpers/simulator';

const env = useSimulator();
fastRetries();

const cases: Array<[string, IDataObject, string, string]> = [
	['incident get', { resource: 'incident', operation: 'get' }, 'incidentId', 'Incident ID'],
	[
		'incident update',
		{ resource: 'incident', operation: 'update', updateFields: { status: 'RESOLVED' } },
		'incidentId',
		'Incident ID',
	],
	[
		'incident entity get',
		{ resource: 'incidentEntity', operation: 'get' },
		'entityId',
		'Entity ID',
	],
	['app get', { resource: 'app', operation: 'get' }, 'appId', 'App ID'],
	[
		'app classify',
		{ resource: 'app', operation: 'classify', classification: 'trusted' },
		'appId',
		'App ID',
	],
	[
		'ip library update entry',
		{
			resource: 'ipLibrary',
			operation: 'updateEntry',
			library: 'suspicious',
			updateFields: { description: 'x' },
		},
		'pk',
		'Entry ID',
	],
];

describe('dot-segment IDs never reach the URL', () => {
	for (const [label, parameters, field, fieldLabel] of cases) {
		for (const id of ['.', '..', ' .. ', '...']) {
			it(`${label}: ${JSON.stringify(id)} fails before any request`, async () => {
				const { items, error } = await runNode({
					parameters: { ...parameters, [field]: id },
					credentials: env.credentials,
				});

				expect(items).toEqual([]);
				expect(error).toBeInstanceOf(NodeOperationError);
				expect(error?.message).toBe(`"${fieldLabel}" is not a valid Cloudlock ID: ${id.trim()}`);
				expect(env.sim.requests).toEqual([]);
			});
		}
	}

	it('an ID with dots inside it is still sent, encoded', async () => {
		const { error } = await runNode({
			parameters: { resource: 'incident', operation: 'get', incidentId: 'a..b' },
			credentials: env.credentials,
		});

		expect(error?.message).toBe(
			'Not found in Cloudlock (HTTP 404, GET /incidents/a..b): A resource with that ID does not exist',
		);
		expect(env.sim.requests.map((r) => r.path)).toEqual(['/api/v2/incidents/a..b']);
	});
});
