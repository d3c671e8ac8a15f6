/**
 * One or more node runs per (resource, operation) that together set every parameter, every
 * collection option and every value of a top-level options parameter the operation shows
 * (openapi.test.ts checks that against the node's description). `sends` is what the run must
 * send: 'METHOD <OpenAPI template>' → the union of its query keys and 'body.<field>' keys.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ParametersFor } from './harness';

export interface ContractFixture {
	resource: string;
	operation: string;
	title: string;
	parameters: ParametersFor;
	input?: IDataObject[];
	sends: Record<string, string[]>;
}

const AFTER = '2026-06-01T00:00:00Z';
const BEFORE = '2026-11-30T00:00:00Z';

const incident: ContractFixture[] = [
	{
		resource: 'incident',
		operation: 'getAll',
		title: 'incident getAll with every filter and option',
		parameters: (sim) => ({
			resource: 'incident',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			filters: {
				createdAfter: AFTER,
				createdBefore: BEFORE,
				customerKey: 'TICKET-1',
				incidentType: 'COMPLIANCE',
				policyId: sim.state.policies[0].id,
				severity: ['CRITICAL'],
				status: ['NEW'],
				updatedAfter: AFTER,
				updatedBefore: BEFORE,
				vendor: 'google',
			},
			simplify: true,
			options: { maxConcurrency: 2, sort: 'updated_at' },
		}),
		sends: {
			'GET /incidents': [
				'count_total',
				'created_after',
				'created_before',
				'customer_key',
				'incident_status',
				'incident_type',
				'limit',
				'offset',
				'order',
				'policy_id',
				'severity',
				'updated_after',
				'updated_before',
				'vendor',
			],
		},
	},
	{
		resource: 'incident',
		operation: 'getAll',
		title: 'incident getAll with Return All',
		parameters: () => ({ resource: 'incident', operation: 'getAll', returnAll: true }),
		sends: { 'GET /incidents': ['count_total', 'created_before', 'limit', 'offset', 'order'] },
	},
	{
		resource: 'incident',
		operation: 'get',
		title: 'incident get',
		parameters: (sim) => ({
			resource: 'incident',
			operation: 'get',
			incidentId: sim.state.incidents[0].id,
			simplify: true,
		}),
		sends: { 'GET /incidents/{id}': [] },
	},
	{
		resource: 'incident',
		operation: 'update',
		title: 'incident update of every field',
		parameters: (sim) => ({
			resource: 'incident',
			operation: 'update',
			incidentId: sim.state.incidents[0].id,
			updateFields: { customerKey: 'TICKET-2', severity: 'ALERT', status: 'RESOLVED' },
			simplify: true,
		}),
		sends: {
			'PUT /incidents/{id}': ['body.customer_key', 'body.incident_status', 'body.severity'],
		},
	},
];

const AGGREGATE_PATHS = { policy: 'policies', status: 'status', user: 'users' };

const incidentAggregate: ContractFixture[] = Object.entries(AGGREGATE_PATHS).map(
	([groupBy, path], index) => ({
		resource: 'incidentAggregate',
		operation: 'get',
		title: `incidentAggregate get grouped by ${groupBy} with every filter`,
		parameters: () => ({
			resource: 'incidentAggregate',
			operation: 'get',
			groupBy,
			filters: { createdAfter: AFTER, vendor: 'google' },
			simplify: index % 2 === 0,
		}),
		sends: { [`GET /incidents/aggregates/${path}`]: ['created_after', 'vendor'] },
	}),
);

const incidentEntity: ContractFixture[] = [
	{
		resource: 'incidentEntity',
		operation: 'get',
		title: 'incidentEntity get',
		parameters: (sim) => ({
			resource: 'incidentEntity',
			operation: 'get',
			entityId: sim.state.incidentEntities[0].id,
		}),
		sends: { 'GET /incident_entities/{id}': [] },
	},
];

const activity: ContractFixture[] = [
	{
		resource: 'activity',
		operation: 'getAll',
		title: 'activity getAll with every filter and option',
		parameters: (sim) => {
			const [a, b] = sim.state.activities;
			const composite = (x: typeof a) => `${x.vendor.name}:${x.vendor.service}:${x.event_id}`;
			return {
				resource: 'activity',
				operation: 'getAll',
				returnAll: false,
				limit: 5,
				filters: {
					createdAfter: AFTER,
					eventType: 'login',
					ids: `${composite(a)},${composite(b)}`,
				},
				simplify: true,
				options: { maxConcurrency: 2 },
			};
		},
		sends: { 'GET /activities': ['created_after', 'event_type', 'ids', 'limit', 'offset'] },
	},
];

const policy: ContractFixture[] = [
	{
		resource: 'policy',
		operation: 'getAll',
		title: 'policy getAll with every filter',
		parameters: (sim) => ({
			resource: 'policy',
			operation: 'getAll',
			returnAll: true,
			limit: 5,
			filters: { name: sim.state.policies[0].name, state: 'ACTIVE' },
		}),
		sends: { 'GET /policies': ['limit', 'name', 'offset', 'state'] },
	},
];

const threat: ContractFixture[] = [
	{
		resource: 'threat',
		operation: 'getAll',
		title: 'threat getAll with every filter',
		parameters: () => ({
			resource: 'threat',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { createdAfter: AFTER, createdBefore: BEFORE, status: 'Active' },
		}),
		sends: { 'GET /threats': ['created_after', 'created_before', 'limit', 'offset', 'status'] },
	},
];

const ipLibrary: ContractFixture[] = [
	{
		resource: 'ipLibrary',
		operation: 'getAll',
		title: 'ipLibrary getAll (suspicious) with every filter and option',
		parameters: (sim) => ({
			resource: 'ipLibrary',
			operation: 'getAll',
			library: 'suspicious',
			returnAll: false,
			limit: 5,
			filters: { name: sim.state.ip.suspicious[0].name, search: '.' },
			options: { maxConcurrency: 2 },
		}),
		sends: { 'GET /ip/suspicious': ['limit', 'name', 'offset', 'q'] },
	},
	{
		resource: 'ipLibrary',
		operation: 'getAll',
		title: 'ipLibrary getAll (trusted) with Return All',
		parameters: () => ({
			resource: 'ipLibrary',
			operation: 'getAll',
			library: 'trusted',
			returnAll: true,
		}),
		sends: { 'GET /ip/trusted': ['limit', 'offset'] },
	},
	{
		resource: 'ipLibrary',
		operation: 'addIps',
		title: 'ipLibrary addIps (suspicious) with every field',
		parameters: () => ({
			resource: 'ipLibrary',
			operation: 'addIps',
			library: 'suspicious',
			ips: '203.0.113.7, 198.51.100.0/24',
			additionalFields: {
				categories: 'TOR network, Malicious',
				description: 'Seen in a phishing campaign',
				expiresOn: '2027-01-31T00:00:00Z',
				name: 'Threat feed',
			},
			options: { maxConcurrency: 2 },
		}),
		sends: {
			'GET /ip/suspicious': ['limit', 'offset'],
			'POST /ip/suspicious': [
				'body.categories',
				'body.description',
				'body.expires_on',
				'body.ip_address',
				'body.name',
			],
		},
	},
	{
		resource: 'ipLibrary',
		operation: 'addIps',
		title: 'ipLibrary addIps (trusted) with every field',
		parameters: () => ({
			resource: 'ipLibrary',
			operation: 'addIps',
			library: 'trusted',
			ips: '2001:db8::1, 10.0.0.0/7',
			additionalFields: { categories: 'Office', description: 'Head office', name: 'HQ' },
			options: { allowBroadRanges: true },
		}),
		sends: {
			'GET /ip/trusted': ['limit', 'offset'],
			'POST /ip/trusted': ['body.categories', 'body.description', 'body.ip_address', 'body.name'],
		},
	},
	...(['suspicious', 'trusted'] as const).map((library): ContractFixture => ({
		resource: 'ipLibrary',
		operation: 'removeIps',
		title: `ipLibrary removeIps (${library})`,
		parameters: (sim) => ({
			resource: 'ipLibrary',
			operation: 'removeIps',
			library,
			ips: sim.state.ip[library]
				.slice(0, 2)
				.map((e) => e.ip_address)
				.join(', '),
			options: { maxConcurrency: 2 },
		}),
		sends: { [`GET /ip/${library}`]: ['limit', 'offset'], [`DELETE /ip/${library}`]: ['ids'] },
	})),
	{
		resource: 'ipLibrary',
		operation: 'updateEntry',
		title: 'ipLibrary updateEntry (suspicious) of every field',
		parameters: (sim) => ({
			resource: 'ipLibrary',
			operation: 'updateEntry',
			library: 'suspicious',
			pk: sim.state.ip.suspicious[0].pk,
			updateFields: {
				categories: 'Botnet',
				description: 'Updated by n8n',
				expiresOn: '2027-02-28T00:00:00Z',
				ipAddress: '203.0.113.50',
			},
		}),
		sends: {
			'PUT /ip/suspicious/{id}': [
				'body.categories',
				'body.description',
				'body.expires_on',
				'body.ip_address',
			],
		},
	},
	{
		resource: 'ipLibrary',
		operation: 'updateEntry',
		title: 'ipLibrary updateEntry (suspicious) clearing the expiry',
		parameters: (sim) => ({
			resource: 'ipLibrary',
			operation: 'updateEntry',
			library: 'suspicious',
			pk: sim.state.ip.suspicious[0].pk,
			updateFields: { expiresOn: '' },
		}),
		sends: { 'PUT /ip/suspicious/{id}': ['body.expires_on'] },
	},
	{
		resource: 'ipLibrary',
		operation: 'updateEntry',
		title: 'ipLibrary updateEntry (trusted) of every field',
		parameters: (sim) => ({
			resource: 'ipLibrary',
			operation: 'updateEntry',
			library: 'trusted',
			pk: sim.state.ip.trusted[0].pk,
			updateFields: {
				categories: 'Office',
				description: 'Updated by n8n',
				ipAddress: '203.0.113.51',
				name: 'Branch office',
			},
		}),
		sends: {
			'PUT /ip/trusted/{id}': [
				'body.categories',
				'body.description',
				'body.ip_address',
				'body.name',
			],
		},
	},
];

type Sim = Parameters<ParametersFor>[0];
const installed = (sim: Sim, installedWanted: boolean) =>
	sim.state.apps.find(
		(a) =>
			(sim.state.appInstalls[a.id] ?? []).some((i) => i.state === 'installed') === installedWanted,
	)!.id;

const app: ContractFixture[] = [
	{
		resource: 'app',
		operation: 'getAll',
		title: 'app getAll with every filter and option',
		parameters: () => ({
			resource: 'app',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: {
				appCategory: 'CIT',
				classification: 'trusted',
				detectedAfter: AFTER,
				detectedBefore: BEFORE,
				installState: 'installed',
				scopeCategories: ['BINFO', 'LACES'],
				vendor: 'google',
			},
			options: { maxConcurrency: 2 },
		}),
		sends: {
			'GET /apps': [
				'app_category',
				'classification',
				'detected_at_after',
				'detected_at_before',
				'install_state',
				'limit',
				'offset',
				'scope_categories',
				'vendor',
			],
		},
	},
	{
		resource: 'app',
		operation: 'get',
		title: 'app get of an installed app',
		parameters: (sim) => ({ resource: 'app', operation: 'get', appId: installed(sim, true) }),
		sends: { 'GET /apps': ['app_ids'] },
	},
	{
		resource: 'app',
		operation: 'get',
		title: 'app get of an uninstalled app (second look with install_state)',
		parameters: (sim) => ({ resource: 'app', operation: 'get', appId: installed(sim, false) }),
		sends: { 'GET /apps': ['app_ids', 'install_state'] },
	},
	...['banned', 'restricted', 'trusted', 'unclassified'].map((classification): ContractFixture => ({
		resource: 'app',
		operation: 'classify',
		title: `app classify as ${classification} with every field`,
		parameters: (sim) => ({
			resource: 'app',
			operation: 'classify',
			appId: sim.state.apps[0].id,
			classification,
			additionalFields: {
				otherReason: 'Reviewed by the security team',
				reasonId: sim.state.classificationReasons[0].id,
			},
		}),
		sends: {
			'POST /apps/{id}/classification': ['body.other_reason', 'body.reason_id', 'body.type'],
		},
	})),
	{
		resource: 'app',
		operation: 'getAccessScopes',
		title: 'app getAccessScopes',
		parameters: (sim) => ({
			resource: 'app',
			operation: 'getAccessScopes',
			appId: sim.state.apps[0].id,
		}),
		sends: { 'GET /apps/{id}/access_scopes': ['limit', 'offset'] },
	},
	{
		resource: 'app',
		operation: 'getInstalls',
		title: 'app getInstalls',
		parameters: (sim) => ({
			resource: 'app',
			operation: 'getInstalls',
			appId: sim.state.apps[0].id,
		}),
		sends: { 'GET /apps/{id}/installs': ['limit', 'offset'] },
	},
];

const entity: ContractFixture[] = [
	{
		resource: 'entity',
		operation: 'getAll',
		title: 'entity getAll with every filter and option',
		parameters: (sim) => ({
			resource: 'entity',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: {
				assetType: 'folder',
				exposure: ['organization-wide', 'public'],
				mimeType: 'spreadsheet',
				owners: sim.state.users
					.slice(0, 2)
					.map((u) => u.email)
					.join(', '),
				platform: 'google_document, office365_folder',
				updatedAfter: AFTER,
				updatedBefore: BEFORE,
			},
			options: { maxConcurrency: 2 },
		}),
		sends: {
			'GET /entities': [
				'asset_type',
				'exposure',
				'limit',
				'mime_type',
				'offset',
				'owners',
				'platform',
				'updated_after',
				'updated_before',
			],
		},
	},
];

export const CONTRACT_FIXTURES: ContractFixture[] = [
	...entity,
	...app,
	...ipLibrary,
	...activity,
	...policy,
	...threat,
	...incident,
	...incidentAggregate,
	...incidentEntity,
];
