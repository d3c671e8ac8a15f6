import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { parseTimestamp } from '../../simulator/server';
import type { App, Simulator } from '../../simulator/server';

const env = useSimulator({ now: Date.UTC(2026, 10, 30), freezeClock: true });
fastRetries();

const run = (
	operation: string,
	extra: IDataObject,
	options: { input?: IDataObject[]; continueOnFail?: boolean; timezone?: string } = {},
) =>
	runNode({
		parameters: { resource: 'app', operation, ...extra },
		credentials: env.credentials,
		...options,
	});

const sent = () =>
	env.sim.requests.map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.body }));
const jsonOf = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);

/** Cloudlock lists installed apps unless asked; an app without install records counts as installed. */
const installed = (sim: Simulator, app: App) => {
	const installs = sim.state.appInstalls[app.id] ?? [];
	return installs.length === 0 || installs.some((i) => i.state === 'installed');
};
const micros = (value: string) => parseTimestamp(value) ?? Number.NaN;

describe('app getAll', () => {
	it('sends every filter under its API name and returns the matching apps', async () => {
		const { sim } = env;
		const target = sim.state.apps.find(
			(a) => installed(sim, a) && a.app.category && a.scope_categories.length >= 2,
		)!;
		const scopes = target.scope_categories.slice(0, 2).map((c) => c.category_id);
		const after = new Date(Math.floor(micros(target.detected_at) / 1000) - 3_600_000);
		const before = new Date(Math.floor(micros(target.detected_at) / 1000) + 3_600_000);
		const iso = (d: Date) => d.toISOString().slice(0, 19);

		const { items, error } = await run('getAll', {
			returnAll: true,
			filters: {
				classification: target.classification.type,
				vendor: target.app.vendor.name,
				appCategory: target.app.category,
				detectedAfter: iso(after),
				detectedBefore: iso(before),
				scopeCategories: scopes,
				installState: 'installed',
			},
		});

		expect(error).toBeUndefined();
		expect(sent()).toEqual([
			{
				method: 'GET',
				path: '/api/v2/apps',
				query: {
					classification: target.classification.type,
					vendor: target.app.vendor.name,
					app_category: String(target.app.category),
					detected_at_after: iso(after),
					detected_at_before: iso(before),
					scope_categories: scopes.join(','),
					install_state: 'installed',
					limit: '100',
					offset: '0',
				},
				body: undefined,
			},
		]);
		const expected = sim.state.apps.filter(
			(a) =>
				a.classification.type === target.classification.type &&
				a.app.vendor.name === target.app.vendor.name &&
				a.app.category === target.app.category &&
				micros(a.detected_at) >= after.getTime() * 1000 &&
				micros(a.detected_at) < before.getTime() * 1000 &&
				scopes.every((s) => a.scope_categories.some((c) => c.category_id === s)) &&
				installed(sim, a),
		);
		expect(expected).toContainEqual(target);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('Limit returns the first apps; Not Installed lists uninstalled ones', async () => {
		const { sim } = env;
		const { items, error } = await run('getAll', {
			limit: 3,
			filters: { installState: 'not_installed' },
		});

		expect(error).toBeUndefined();
		expect(sent().map((r) => r.query)).toEqual([
			{ install_state: 'not_installed', limit: '3', offset: '0' },
		]);
		expect(jsonOf(items)).toEqual(sim.state.apps.filter((a) => !installed(sim, a)).slice(0, 3));
	});

	it('sends detection dates in UTC whatever the workflow timezone', async () => {
		const { error } = await run(
			'getAll',
			{ limit: 1, filters: { detectedAfter: '2026-11-20T00:00:00', detectedBefore: '2026-11-25' } },
			{ timezone: 'America/New_York' },
		);

		expect(error).toBeUndefined();
		expect(sent()[0].query).toEqual({
			detected_at_after: '2026-11-20T05:00:00',
			detected_at_before: '2026-11-25T05:00:00',
			limit: '1',
			offset: '0',
		});
	});
});

describe('app get', () => {
	it('finds an installed app with one filtered list call', async () => {
		const { sim } = env;
		const app = sim.state.apps.find((a) => installed(sim, a))!;

		const { items, error } = await run('get', { appId: app.id });

		expect(error).toBeUndefined();
		expect(sent().map((r) => [r.path, r.query])).toEqual([['/api/v2/apps', { app_ids: app.id }]]);
		expect(jsonOf(items)).toEqual([app]);
	});

	it('looks again among uninstalled apps before giving up', async () => {
		const { sim } = env;
		const app = sim.state.apps.find((a) => !installed(sim, a))!;

		const { items, error } = await run('get', { appId: app.id });

		expect(error).toBeUndefined();
		expect(sent().map((r) => r.query)).toEqual([
			{ app_ids: app.id },
			{ app_ids: app.id, install_state: 'not_installed' },
		]);
		expect(jsonOf(items)).toEqual([app]);
	});

	it('an unknown ID is a not-found error; with Continue On Fail the other items still run', async () => {
		const { sim } = env;
		const app = sim.state.apps[0];

		const failed = await run('get', { appId: 'NoSuchApp1' });
		expect(failed.error).toBeInstanceOf(NodeOperationError);
		expect(failed.error?.message).toBe('No app with ID "NoSuchApp1" in Cloudlock');
		expect((failed.error as NodeOperationError).context.itemIndex).toBe(0);

		const { items, error } = await run(
			'get',
			{ appId: '={{ $json.id }}' },
			{ input: [{ id: 'NoSuchApp1' }, { id: app.id }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([{ error: 'No app with ID "NoSuchApp1" in Cloudlock' }, app]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('app classify', () => {
	it.each(['array', 'envelope'] as const)(
		'posts type, reason_id and other_reason and returns the app (%s answer)',
		async (shape) => {
			const { sim } = env;
			sim.setOptions({ subResourceShape: shape });
			const app = sim.state.apps[1];
			const reason = sim.state.classificationReasons[1];

			const { items, error } = await run('classify', {
				appId: app.id,
				classification: 'banned',
				additionalFields: { reasonId: reason.id, otherReason: 'Exfiltration risk' },
			});

			expect(error).toBeUndefined();
			expect(sent()).toEqual([
				{
					method: 'POST',
					path: `/api/v2/apps/${app.id}/classification`,
					query: {},
					body: { type: 'banned', reason_id: reason.id, other_reason: 'Exfiltration risk' },
				},
			]);
			expect(app.classification).toMatchObject({
				type: 'banned',
				method: 'manual',
				reason: reason.reason,
				reason_id: reason.id,
				other_reason: 'Exfiltration risk',
			});
			expect(jsonOf(items)).toEqual([app]);
		},
	);

	it('sends only the type when no reason is given', async () => {
		const app = env.sim.state.apps[2];
		const { error } = await run('classify', { appId: app.id, classification: 'unclassified' });

		expect(error).toBeUndefined();
		expect(sent().map((r) => r.body)).toEqual([{ type: 'unclassified' }]);
	});

	it.each([
		[{ classification: '={{ "evil" }}' }, '"evil" is not a Cloudlock app classification'],
		[
			{ classification: 'trusted', additionalFields: { reasonId: 1.5 } },
			'"Reason ID" must be a whole number: 1.5',
		],
		[
			{ classification: 'trusted', additionalFields: { reasonId: '={{ "four" }}' } },
			'"Reason ID" must be a whole number: four',
		],
		[
			{ appId: 'bad/../id', classification: 'trusted' },
			'"App ID" is not a valid Cloudlock ID: bad/../id',
		],
	])('rejects %j before any request', async (params, message) => {
		const { error } = await run('classify', { appId: env.sim.state.apps[0].id, ...params });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(message);
		expect(env.sim.requests).toEqual([]);
	});
});

describe('app sub-resources', () => {
	const cases = [
		['getAccessScopes', 'access_scopes', (sim: Simulator, id: string) => sim.state.appScopes[id]],
		['getInstalls', 'installs', (sim: Simulator, id: string) => sim.state.appInstalls[id]],
	] as const;

	describe.each(cases)('%s', (operation, segment, stateOf) => {
		it.each(['array', 'envelope'] as const)(
			'returns one item per record (%s answer)',
			async (shape) => {
				const { sim } = env;
				sim.setOptions({ subResourceShape: shape });
				const app = sim.state.apps.find((a) => stateOf(sim, a.id).length >= 3)!;

				const { items, error } = await run(operation, { appId: app.id });

				expect(error).toBeUndefined();
				expect(sent()).toEqual([
					{
						method: 'GET',
						path: `/api/v2/apps/${app.id}/${segment}`,
						query: { limit: '100', offset: '0' },
						body: undefined,
					},
				]);
				expect(jsonOf(items)).toEqual(stateOf(sim, app.id));
				expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
			},
		);

		it('pages an envelope that applies a smaller page size', async () => {
			const { sim } = env;
			sim.setOptions({ subResourceShape: 'envelope', maxLimit: 2 });
			const app = sim.state.apps.find((a) => stateOf(sim, a.id).length >= 3)!;
			const records = stateOf(sim, app.id);

			const { items, error } = await run(operation, { appId: app.id });

			expect(error).toBeUndefined();
			const pages = Math.floor(records.length / 2) + 1;
			expect(sent().map((r) => r.query)).toEqual(
				Array.from({ length: pages }, (_, p) => ({ limit: '100', offset: String(p * 2) })),
			);
			expect(jsonOf(items)).toEqual(records);
		});
	});

	it('a single object answer is one item', async () => {
		const { sim } = env;
		const app = sim.state.apps[0];
		const scope = { id: 'Only1', friendly_name: 'Single scope' };
		sim.injectFault({ kind: 'status', status: 200, body: scope, match: { method: 'GET' } });

		const { items, error } = await run('getAccessScopes', { appId: app.id });

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([scope]);
	});

	it('an unknown app is a 404 error', async () => {
		const { error } = await run('getInstalls', { appId: 'NoSuchApp1' });

		expect(error?.message).toBe(
			'Not found in Cloudlock (HTTP 404, GET /apps/NoSuchApp1/installs): A resource with that ID does not exist',
		);
	});
});
