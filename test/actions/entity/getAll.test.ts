import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../../helpers/engine';
import { fastRetries, useSimulator } from '../../helpers/simulator';
import { parseTimestamp } from '../../simulator/server';
import type { Entity } from '../../simulator/server';

const env = useSimulator({ now: Date.UTC(2026, 10, 30), freezeClock: true });
fastRetries();

const run = (extra: IDataObject, options: { continueOnFail?: boolean; timezone?: string } = {}) =>
	runNode({
		parameters: { resource: 'entity', operation: 'getAll', ...extra },
		credentials: env.credentials,
		...options,
	});

const queries = () => env.sim.requests.map((r) => ({ path: r.path, query: r.query }));
const jsonOf = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);
const micros = (value: string) => parseTimestamp(value) ?? Number.NaN;
/** Records spell exposure `organization_wide`; the API reference's filter values use spaces and a hyphen. */
const sameExposure = (a: string, b: string) =>
	a.toLowerCase().replace(/[\s-]+/g, '_') === b.toLowerCase().replace(/[\s-]+/g, '_');

describe('entity getAll', () => {
	it('sends every filter as Cloudlock documents it and returns the matching assets', async () => {
		const { sim } = env;
		const target = sim.state.entities.find((e) => e.mime_type && e.owners.length)!;
		const platform = `${target.vendor.name}_${target.origin_type}`;
		const owner = target.owners[0].value;
		const exposures = [
			'public',
			'externally shared',
			'organization-wide',
			'internally shared',
			'private',
		];
		const updated = Math.floor(micros(target.updated_at) / 1000);
		const after = new Date(updated - 86_400_000).toISOString().slice(0, 19);
		const before = new Date(updated + 86_400_000).toISOString().slice(0, 19);

		const { items, error } = await run({
			returnAll: true,
			filters: {
				platform: `${platform}, google_site`,
				owners: `${owner},  nobody@example.com`,
				exposure: exposures,
				assetType: target.asset_type,
				mimeType: target.mime_type,
				updatedAfter: after,
				updatedBefore: before,
			},
		});

		expect(error).toBeUndefined();
		expect(queries()).toEqual([
			{
				path: '/api/v2/entities',
				query: {
					platform: `${platform},google_site`,
					owners: `${owner},nobody@example.com`,
					exposure: 'public,externally shared,organization-wide,internally shared,private',
					asset_type: target.asset_type,
					mime_type: target.mime_type,
					updated_after: after,
					updated_before: before,
					limit: '100',
					offset: '0',
				},
			},
		]);
		const inWindow = (e: Entity) =>
			micros(e.updated_at) >= Date.parse(`${after}Z`) * 1000 &&
			micros(e.updated_at) < Date.parse(`${before}Z`) * 1000;
		const expected = sim.state.entities.filter(
			(e) =>
				[platform, 'google_site'].includes(`${e.vendor.name}_${e.origin_type}`) &&
				e.owners.some((o) => [owner, 'nobody@example.com'].includes(o.value.toLowerCase())) &&
				exposures.some((x) => sameExposure(x, e.exposure)) &&
				e.asset_type === target.asset_type &&
				e.mime_type.toLowerCase().includes(target.mime_type.toLowerCase()) &&
				inWindow(e),
		);
		expect(expected).toContainEqual(target);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('one exposure value narrows to that exposure', async () => {
		const { sim } = env;
		const { items, error } = await run({
			returnAll: true,
			filters: { exposure: ['organization-wide'] },
		});

		expect(error).toBeUndefined();
		expect(queries()[0].query.exposure).toBe('organization-wide');
		const expected = sim.state.entities.filter((e) =>
			sameExposure(e.exposure, 'organization-wide'),
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(jsonOf(items)).toEqual(expected);
	});

	it('Return All pages by 100; Limit sends one request', async () => {
		const { sim } = env;
		const all = await run({ returnAll: true });
		expect(all.error).toBeUndefined();
		const count = sim.state.entities.length;
		expect(queries().map((q) => q.query)).toEqual(
			Array.from({ length: Math.floor(count / 100) + 1 }, (_, p) => ({
				limit: '100',
				offset: String(p * 100),
			})),
		);
		expect(jsonOf(all.items)).toEqual(sim.state.entities);

		sim.clearRequests();
		const some = await run({ limit: 7 });
		expect(queries().map((q) => q.query)).toEqual([{ limit: '7', offset: '0' }]);
		expect(jsonOf(some.items)).toEqual(sim.state.entities.slice(0, 7));
	});

	it('sends update dates in UTC whatever the workflow timezone', async () => {
		const { error } = await run(
			{ limit: 1, filters: { updatedAfter: '2026-11-20T09:30:00' } },
			{ timezone: 'Asia/Tokyo' },
		);

		expect(error).toBeUndefined();
		expect(queries()[0].query.updated_after).toBe('2026-11-20T00:30:00');
	});

	it('a 403 says the tenant probably lacks Entity Cache and points to Incident Entity → Get', async () => {
		const { sim } = env;
		sim.injectFault({ kind: 'status', status: 403, match: { path: '/entities' } });

		const { items, error } = await run({ limit: 5 });

		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe(
			'Cloudlock refused the entity list (HTTP 403): this usually means the tenant does not have the "Entity Cache" feature',
		);
		expect((error as NodeApiError).description).toBe(
			'Without Entity Cache, look up the asset behind an incident with Incident Entity → Get (the entity ID is in the incident’s entity.id). If the tenant does have the feature, check the token’s permissions and the API IP allow-list under Settings → Authentication & API.',
		);
		expect((error as NodeApiError).httpCode).toBe('403');
		expect((error as NodeApiError).context.itemIndex).toBe(0);
	});

	it('with Continue On Fail the 403 becomes an { error } item', async () => {
		const { sim } = env;
		sim.injectFault({ kind: 'status', status: 403, match: { path: '/entities' } });

		const { items, error } = await run({ limit: 5 }, { continueOnFail: true });

		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: {
					error:
						'Cloudlock refused the entity list (HTTP 403): this usually means the tenant does not have the "Entity Cache" feature',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('other errors pass through unchanged', async () => {
		const { sim } = env;
		sim.injectFault({
			kind: 'status',
			status: 400,
			body: { message: 'Invalid value for exposure: x' },
		});

		const { error } = await run({ limit: 5, filters: { exposure: ['public'] } });

		expect(error?.message).toBe(
			'Cloudlock rejected the request as invalid (HTTP 400, GET /entities): Invalid value for exposure: x',
		);
	});
});
