import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CiscoCloudlockTrigger } from '../../nodes/CiscoCloudlockTrigger/CiscoCloudlockTrigger.node';

import { parseTimestamp } from '../simulator/server';
import { runLoadOptions, runNode, runPoll } from './engine';
import { useSimulator } from './simulator';

const marker = 'engine-smoke-7f3a';
const env = useSimulator({ token: marker });

const newestFirst = (ids: Array<{ id: string; created_at: string }>) =>
	[...ids].sort(
		(a, b) => (parseTimestamp(b.created_at) ?? 0) - (parseTimestamp(a.created_at) ?? 0),
	);

describe('engine harness', () => {
	it('runs incident getAll (limit 2) through WorkflowExecute and sends the credential', async () => {
		const { items, error } = await runNode({
			parameters: { resource: 'incident', operation: 'getAll', returnAll: false, limit: 2 },
			credentials: env.credentials,
		});

		expect(error).toBeUndefined();
		const expected = newestFirst(env.sim.state.incidents).slice(0, 2);
		expect(items.map((item) => item.json)).toEqual(expected);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(env.sim.requests.length).toBeGreaterThan(0);
		for (const request of env.sim.requests) {
			expect(request.headers.authorization).toBe(`Bearer ${marker}`);
		}
	});

	it('surfaces the node error instance when the token is wrong', async () => {
		const { items, error } = await runNode({
			parameters: { resource: 'incident', operation: 'getAll', returnAll: false, limit: 2 },
			credentials: { ...env.credentials, accessToken: 'wrong-token' },
		});

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'The access token was rejected (HTTP 401). Check the Access Token in the "Cloudlock (test)" credential',
		);
		expect((error as NodeApiError).context.itemIndex).toBe(0);
		expect(env.sim.requests.map((r) => r.headers.authorization)).toEqual(['Bearer wrong-token']);
	});
});

describe('runPoll static data and budget', () => {
	const trigger = CiscoCloudlockTrigger.prototype;
	afterEach(() => jest.restoreAllMocks());

	const advanceThen = (outcome: 'items' | 'null' | 'throw') =>
		async function (this: IPollFunctions) {
			const data = this.getWorkflowStaticData('node');
			data.cursor = Number(data.cursor ?? 0) + 1;
			if (outcome === 'throw') throw new NodeOperationError(this.getNode(), 'poll failed');
			if (outcome === 'null') return null;
			return [[{ json: { budget: this.getPollBudgetMs() } }]];
		};

	it('live scope: the poll mutates the caller object, even when it throws', async () => {
		const staticData: IDataObject = {};
		jest.spyOn(trigger, 'poll').mockImplementation(advanceThen('items'));
		await expect(runPoll({ parameters: {}, staticData, pollBudgetMs: 1234 })).resolves.toEqual([
			[{ json: { budget: 1234 } }],
		]);
		jest.spyOn(trigger, 'poll').mockImplementation(advanceThen('throw'));
		await expect(runPoll({ parameters: {}, staticData })).rejects.toThrow('poll failed');
		expect(staticData).toEqual({ cursor: 2 });
	});

	it('staged scope: written back on items or null, discarded on a throw', async () => {
		const staticData: IDataObject = {};
		const staged = { parameters: {}, staticData, staticDataScope: 'staged' as const };
		jest.spyOn(trigger, 'poll').mockImplementation(advanceThen('items'));
		await runPoll(staged);
		expect(staticData).toEqual({ cursor: 1 });
		jest.spyOn(trigger, 'poll').mockImplementation(advanceThen('null'));
		await expect(runPoll(staged)).resolves.toBeNull();
		expect(staticData).toEqual({ cursor: 2 });
		jest.spyOn(trigger, 'poll').mockImplementation(advanceThen('throw'));
		await expect(runPoll(staged)).rejects.toThrow('poll failed');
		expect(staticData).toEqual({ cursor: 2 });
	});

	it('manual mode never persists, and the budget defaults to 5 minutes', async () => {
		const staticData: IDataObject = { cursor: 7 };
		jest.spyOn(trigger, 'poll').mockImplementation(advanceThen('items'));
		await expect(runPoll({ parameters: {}, staticData, mode: 'manual' })).resolves.toEqual([
			[{ json: { budget: 300_000 } }],
		]);
		expect(staticData).toEqual({ cursor: 7 });
	});
});

describe('runLoadOptions', () => {
	it('loads getPolicies through LoadOptionsContext with the credential', async () => {
		const options = await runLoadOptions('getPolicies', { credentials: env.credentials });
		expect(options.map((o) => o.value).sort()).toEqual(
			env.sim.state.policies.map((p) => p.id).sort(),
		);
		expect(env.sim.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${marker}`]);
	});
});
