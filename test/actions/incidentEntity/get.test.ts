import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { jsonOf } from '../incident/expected';

const env = useSimulator();
fastRetries();

const run = (parameters: IDataObject, input?: IDataObject[], continueOnFail?: boolean) =>
	runNode({
		parameters: { resource: 'incidentEntity', operation: 'get', ...parameters },
		credentials: env.credentials,
		input,
		continueOnFail,
	});

const detailOf = (id: string) =>
	env.sim.state.incidentEntities.find((detail) => String(detail.id) === String(id));

describe('incident entity get', () => {
	it('maps entity.id from incoming incidents and returns each entity detail', async () => {
		const incidents = env.sim.state.incidents.slice(0, 3);
		const { items, error } = await run(
			{ entityId: '={{ $json.entity.id }}' },
			incidents as unknown as IDataObject[],
		);

		expect(error).toBeUndefined();
		expect(
			env.sim.requests.map((r) => ({ method: r.method, path: r.path, query: r.query })),
		).toEqual(
			incidents.map((i) => ({
				method: 'GET',
				path: `/api/v2/incident_entities/${encodeURIComponent(i.entity.id)}`,
				query: {},
			})),
		);
		const expected = incidents.map((i) => detailOf(i.entity.id));
		expect(expected.every(Boolean)).toBe(true);
		expect(jsonOf(items)).toEqual(expected);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('a UEBA incident’s entity (an activity) is found too', async () => {
		const ueba = env.sim.state.incidents.find((i) => i.incident_type === 'UEBA')!;
		const { items, error } = await run({ entityId: ueba.entity.id });

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => decodeURIComponent(r.path))).toEqual([
			`/api/v2/incident_entities/${ueba.entity.id}`,
		]);
		expect(jsonOf(items)).toEqual([detailOf(ueba.entity.id)]);
	});

	it('an unknown entity ID fails with the 404 message', async () => {
		const { error } = await run({ entityId: 'NoSuchEnt1' });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Not found in Cloudlock (HTTP 404, GET /incident_entities/NoSuchEnt1): A resource with that ID does not exist',
		);
	});

	it('an empty Entity ID (e.g. a missing field in the expression) fails before any request', async () => {
		const { error } = await run({ entityId: '={{ $json.entity?.id }}' }, [{ id: '1' }]);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('"Entity ID" is empty');
		expect(env.sim.requests).toEqual([]);
	});

	it('an answer that is not a record fails instead of giving an empty item', async () => {
		env.sim.injectFault({ kind: 'status', status: 200, body: '[]' });
		const id = env.sim.state.incidents[0].entity.id;
		const { error } = await run({ entityId: id });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			`Cloudlock's answer to GET /incident_entities/${id} is not a record`,
		);
	});
});
