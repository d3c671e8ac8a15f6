/**
 * Impossible calendar dates were rolled over by Date.UTC instead of rejected (an analyst's
 * "2026-02-30" filtered from 2 March), and an epoch number beyond Date's range was sent to
 * Cloudlock as "NaN-NaN-NaNTNaN:NaN:NaN".
 */
import { NodeOperationError } from 'n8n-workflow';

import { parseCloudlockTime } from '../../nodes/CiscoCloudlock/helpers/time';
import { runNode } from '../helpers/engine';
import { fastRetries, useSimulator } from '../helpers/simulator';

const env = useSimulator();
fastRetries();

const listCreatedAfter = async (createdAfter: unknown) =>
	await runNode({
		parameters: { resource: 'incident', operation: 'getAll', limit: 1, filters: { createdAfter } },
		credentials: env.credentials,
	});

describe('date filters reject what is not a date', () => {
	const impossible: Array<[string, string]> = [
		['30 February', '2026-02-30'],
		['29 February of a common year', '2027-02-29T10:00:00Z'],
		['month 13', '2026-13-01'],
		['hour 25', '2026-01-01T25:00:00'],
		['minute 60', '2026-01-01T10:60:00'],
		['second 61', '2026-01-01T10:00:61+00:00'],
		['day 0', '2026-01-00'],
	];
	for (const [label, value] of impossible) {
		it(`${label} (${value}) fails before any request`, async () => {
			const { error } = await listCreatedAfter(value);

			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toBe(`"Created After" is not a date: ${value}`);
			expect(env.sim.requests).toEqual([]);
		});
	}

	it('an epoch number beyond the Date range fails before any request', async () => {
		const { error } = await listCreatedAfter('={{ 8.64e15 + 1 }}');

		expect(error?.message).toBe('"Created After" is not a date: 8640000000000001');
		expect(env.sim.requests).toEqual([]);
	});

	it('a valid leap day and the last representable millisecond still work', async () => {
		const { error } = await listCreatedAfter('2028-02-29T23:59:59Z');

		expect(error).toBeUndefined();
		expect(env.sim.requests.map((r) => r.query.created_after)).toEqual(['2028-02-29T23:59:59']);
		expect(parseCloudlockTime(8.64e15)).toBe(8.64e15);
	});

	it('Cloudlock timestamps with impossible fields are unparseable, valid ones unchanged', () => {
		expect(parseCloudlockTime('2026-04-31T00:00:00.123456+00:00')).toBeUndefined();
		expect(parseCloudlockTime('2026-04-30T23:59:59.123456+00:00')).toBe(
			Date.UTC(2026, 3, 30, 23, 59, 59, 123),
		);
		expect(parseCloudlockTime('2026-04-30 22:00:00.5-02:00')).toBe(
			Date.UTC(2026, 4, 1, 0, 0, 0, 500),
		);
	});
});
