import { PollContext } from 'n8n-core';
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPoll } from '../helpers/engine';
import { fastRetries, useSimulator } from '../helpers/simulator';
import type { Incident } from '../simulator/server';
import { loadOptions } from '../../nodes/CiscoCloudlock/methods';
import { simplifyIncident } from '../../nodes/CiscoCloudlock/helpers/simplify';
import { CiscoCloudlockTrigger } from '../../nodes/CiscoCloudlockTrigger/CiscoCloudlockTrigger.node';
import {
	addAt,
	clone,
	expectedBound,
	ids,
	incidentRequests,
	micros,
	MINUTE,
	Poller,
	T0,
} from './helpers';

const env = useSimulator({ now: T0, freezeClock: true });
fastRetries();

const newestFirst = (incidents: Incident[], field: 'created_at' | 'updated_at' = 'created_at') =>
	[...incidents].sort((a, b) => micros(b[field]) - micros(a[field]) || Number(b.id) - Number(a.id));

async function fetchTestEvent(parameters: IDataObject, staticData: IDataObject = {}) {
	return await runPoll({ parameters, staticData, mode: 'manual', credentials: env.credentials });
}

describe('Fetch Test Event (manual mode)', () => {
	afterEach(() => jest.restoreAllMocks());

	it('returns the newest incident with one request and never opens the stored state', async () => {
		const staticAccess = jest.spyOn(PollContext.prototype, 'getWorkflowStaticData');
		const result = await fetchTestEvent({ event: 'newIncident' });

		expect(result).toEqual([[{ json: clone(newestFirst(env.sim.state.incidents)[0]) }]]);
		expect(incidentRequests(env.sim).map((r) => r.query)).toEqual([
			{ order: '-created_at', count_total: 'false', limit: '1', offset: '0' },
		]);
		expect(staticAccess).not.toHaveBeenCalled();
	});

	it('with two severities returns the newest incident having one of them', async () => {
		const wanted = ['INFO', 'ALERT'];
		const result = await fetchTestEvent({ event: 'newIncident', filters: { severity: wanted } });
		const expected = newestFirst(
			env.sim.state.incidents.filter((i) => wanted.includes(i.severity)),
		)[0];
		expect(result).toEqual([[{ json: clone(expected) }]]);
		expect(incidentRequests(env.sim)[0].query).toEqual({
			order: '-created_at',
			count_total: 'false',
			limit: '100',
			offset: '0',
		});
	});

	it('for New or Updated Incident returns the most recently updated one, simplified', async () => {
		env.sim.clock.advance(MINUTE);
		const touched = env.sim.updateIncident(env.sim.state.incidents[17].id, { severity: 'ALERT' });
		const result = await fetchTestEvent({ event: 'incidentUpdated', options: { simplify: true } });
		expect(result).toEqual([
			[{ json: simplifyIncident(clone(touched) as unknown as IDataObject) }],
		]);
		expect(result?.[0][0].json).toMatchObject({
			id: touched.id,
			severity: 'ALERT',
			updatedAt: touched.updated_at,
		});
		expect(incidentRequests(env.sim)[0].query.order).toBe('-updated_at');
	});

	it('says so when no incident matches the filters', async () => {
		const failed = fetchTestEvent({ event: 'newIncident', filters: { policyId: 'noSuchPolicy' } });
		await expect(failed).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failed).rejects.toThrow('No incident in Cloudlock matches the filters');
		expect(incidentRequests(env.sim)[0].query.policy_id).toBe('noSuchPolicy');
	});
});

describe('filters', () => {
	it('an idle poll with several severities and statuses is ONE request; they are filtered here', async () => {
		const poller = new Poller(env, {
			event: 'newIncident',
			filters: { severity: ['CRITICAL', 'ALERT'], status: ['NEW', 'IN PROGRESS'] },
		});
		await poller.poll();
		env.sim.clearRequests();
		expect(await poller.poll()).toEqual([]);
		const requests = incidentRequests(env.sim);
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual({
			order: 'created_at',
			count_total: 'false',
			created_after: expectedBound(String(poller.staticData.floor)),
			limit: '100',
			offset: '0',
		});

		const combos = ['CRITICAL', 'INFO'].flatMap((severity) =>
			['NEW', 'RESOLVED'].map((incident_status) => ({ severity, incident_status })),
		);
		const added = combos.map((partial, i) => addAt(env.sim, T0 + (i + 1) * MINUTE, 1, partial)[0]);
		expect(ids(await poller.poll())).toEqual([added[0].id]);
	});

	it('single values, the policy and the vendor go to Cloudlock as query parameters', async () => {
		const policy = env.sim.state.policies[0];
		const poller = new Poller(env, {
			event: 'newIncident',
			filters: {
				severity: ['CRITICAL'],
				status: ['IN PROGRESS'],
				policyId: policy.id,
				vendor: 'box',
			},
		});
		await poller.poll();
		env.sim.clearRequests();
		await poller.poll();
		expect(incidentRequests(env.sim)[0].query).toMatchObject({
			severity: 'CRITICAL',
			incident_status: 'IN PROGRESS',
			policy_id: policy.id,
			vendor: 'box',
		});

		const hit = addAt(env.sim, T0 + MINUTE, 1, {
			severity: 'CRITICAL',
			incident_status: 'IN PROGRESS',
			policy: { id: policy.id },
			entity: { vendor: { name: 'box' } },
		});
		addAt(env.sim, T0 + MINUTE, 1, {
			severity: 'CRITICAL',
			incident_status: 'NEW',
			policy: { id: policy.id },
		});
		expect(ids(await poller.poll())).toEqual(ids(hit));
	});

	it('an unknown severity is refused before any request and leaves the state alone', async () => {
		const staticData: IDataObject = {};
		const failed = runPoll({
			parameters: { event: 'newIncident', filters: { severity: 'urgent' } },
			staticData,
			credentials: env.credentials,
		});
		await expect(failed).rejects.toThrow('"Severity" has a value Cloudlock does not know: urgent');
		expect(env.sim.requests).toHaveLength(0);
		expect(staticData).toEqual({});
	});
});

describe('timestamps and time zones', () => {
	it('F8 6 with the instance in America/New_York, filters are UTC and mixed formats compare as instants', async () => {
		const poller = new Poller(env, { event: 'newIncident' }, { timezone: 'America/New_York' });
		await poller.poll();
		env.sim.clock.set(T0 + 40 * MINUTE);
		const formats = [
			'2026-11-30T13:31:00.750000+01:00', // 12:31:00.750000 UTC
			'2026-11-30T12:31:01Z',
			'2026-11-30 12:31:00.250', // no zone: UTC
			'2026-11-30T07:31:00.5-05:00', // 12:31:00.500 UTC
			'2026-11-30T12:31:00.000001+00:00',
			'2026-11-30T07:31:01-05:00', // the same instant as 12:31:01Z, another incident
		];
		const added = formats.map((created_at) => env.sim.addIncident({ created_at }));
		const floor = String(poller.staticData.floor);
		env.sim.clearRequests();

		const items = await poller.poll();

		expect(ids(items)).toEqual(ids([added[4], added[2], added[3], added[0], added[1], added[5]]));
		expect(incidentRequests(env.sim)[0].query.created_after).toBe(expectedBound(floor));
		expect(poller.staticData.cursor).toBe('2026-11-30T12:31:01.000000Z');

		const tie = env.sim.addIncident({ created_at: '2026-11-30T04:31:01.000-08:00' });
		expect(ids(await poller.poll())).toEqual([tie.id]);
		expect(await poller.poll()).toEqual([]);
		expect(new Set(poller.delivered).size).toBe(7);
	});
});

describe('node description (saved-workflow contract)', () => {
	const { description, methods } = new CiscoCloudlockTrigger();
	const byName = (name: string) =>
		description.properties.find((p) => p.name === name) as INodeProperties;
	const optionNames = (p: INodeProperties) =>
		(p.options as Array<{ name: string }>).map((o) => o.name);

	it('keeps the names and values stored in workflows', () => {
		expect(description).toMatchObject({
			name: 'ciscoCloudlockTrigger',
			displayName: 'Cisco Cloudlock Trigger',
			polling: true,
			inputs: [],
		});
		expect((byName('event').options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'newIncident',
			'incidentUpdated',
		]);
		expect(optionNames(byName('filters')).length).toBe(4);
		expect((byName('filters').options as INodeProperties[]).map((o) => o.name)).toEqual([
			'policyId',
			'severity',
			'status',
			'vendor',
		]);
		const options = byName('options').options as INodeProperties[];
		expect(options.map((o) => o.name)).toEqual([
			'firstActivation',
			'lookbackMinutes',
			'replayHours',
			'simplify',
		]);
		const first = options[0];
		expect(first.default).toBe('now');
		expect((first.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual([
			'now',
			'replay',
		]);
		const policy = (byName('filters').options as INodeProperties[])[0];
		expect(policy.typeOptions).toEqual({ loadOptionsMethod: 'getPolicies' });
	});

	it('offers the Cisco Cloudlock node policy list', () => {
		expect(methods.loadOptions.getPolicies).toBe(loadOptions.getPolicies);
	});
});
