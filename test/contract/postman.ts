/**
 * Cisco's Postman collection (../shared/reference/cloudlock-postman-collection.json) flattened to
 * comparable requests, and the table mapping each of its requests (by name) to the node
 * parameters that produce it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../simulator/server';
import type { ParametersFor } from './harness';
import { loadPostman } from './reference';

export interface PostmanRequest {
	name: string;
	method: string;
	/** below {{server}} (= …/api/v2), placeholders still in */
	path: string;
	query: Record<string, string>;
	/** parsed raw JSON body; undefined when the request has none */
	body?: IDataObject;
}

interface PostmanItem {
	name: string;
	item?: PostmanItem[];
	request?: {
		method: string;
		url: { path: string[]; query?: Array<{ key: string; value: string }> };
		body?: { mode?: string; raw?: string };
	};
}

export function postmanRequests(): PostmanRequest[] {
	const collection = loadPostman() as { item: PostmanItem[] };
	const flat = (items: PostmanItem[]): PostmanItem[] =>
		items.flatMap((i) => (i.item ? flat(i.item) : [i]));
	return flat(collection.item).map(({ name, request }) => {
		const raw = request!.body?.mode === 'raw' ? (request!.body.raw ?? '').trim() : '';
		return {
			name,
			method: request!.method,
			path: `/${request!.url.path.join('/')}`,
			query: Object.fromEntries((request!.url.query ?? []).map((q) => [q.key, q.value])),
			...(raw ? { body: JSON.parse(raw) as IDataObject } : {}),
		};
	});
}

export interface PostmanMapping {
	resource: string;
	parameters: ParametersFor;
	/** Postman's placeholder ids → the simulator ids that stand in for them */
	placeholders?: (sim: Simulator) => Record<string, string>;
	/** Query keys the node sends on top of Postman's, each with the reason */
	adds?: Record<string, string>;
}

const PAGING = {
	limit: 'the node pages every list (limit/offset, 100 per page; here the Limit parameter)',
	offset: 'the node pages every list (limit/offset)',
};
const INCIDENT_LIST = {
	...PAGING,
	count_total: 'Cisco’s own clients send count_total=false to skip the expensive count',
};

const firstApp = (sim: Simulator) => sim.state.apps[0].id;
/** An app the default (installed-only) list shows, so Get needs no second look. */
const installedApp = (sim: Simulator) =>
	sim.state.apps.find((a) =>
		(sim.state.appInstalls[a.id] ?? []).some((i) => i.state === 'installed'),
	)!.id;
/** A suspicious entry whose address no other entry shares, so removing it deletes one pk. */
const loneSuspicious = (sim: Simulator) =>
	sim.state.ip.suspicious.find(
		(e) => sim.state.ip.suspicious.filter((o) => o.ip_address === e.ip_address).length === 1,
	)!;

export const POSTMAN_MAPPINGS: Record<string, PostmanMapping> = {
	'List Activities': {
		resource: 'activity',
		parameters: () => ({ resource: 'activity', operation: 'getAll', limit: 5 }),
		adds: PAGING,
	},
	"List of all organization's applications": {
		resource: 'app',
		parameters: () => ({ resource: 'app', operation: 'getAll', limit: 5 }),
		adds: PAGING,
	},
	'Update a specific apps classification': {
		resource: 'app',
		parameters: (sim) => ({
			resource: 'app',
			operation: 'classify',
			appId: firstApp(sim),
			classification: 'unclassified',
			additionalFields: { reasonId: 4, otherReason: 'Other Custom Reason' },
		}),
		placeholders: (sim) => ({ EnterAnAppID: firstApp(sim) }),
	},
	'Get a specific app': {
		resource: 'app',
		parameters: (sim) => ({ resource: 'app', operation: 'get', appId: installedApp(sim) }),
		placeholders: (sim) => ({ EnterAnAppID: installedApp(sim) }),
	},
	"List all of organization's policies": {
		resource: 'policy',
		parameters: () => ({ resource: 'policy', operation: 'getAll', limit: 5 }),
		adds: PAGING,
	},
	"List all of organization's active policies copy": {
		resource: 'policy',
		parameters: () => ({
			resource: 'policy',
			operation: 'getAll',
			limit: 5,
			filters: { state: 'ACTIVE' },
		}),
		adds: PAGING,
	},
	"List of all organization's suspicious IPs": {
		resource: 'ipLibrary',
		parameters: () => ({
			resource: 'ipLibrary',
			operation: 'getAll',
			library: 'suspicious',
			limit: 5,
		}),
		adds: PAGING,
	},
	'Add a new IP to the suspicious library': {
		resource: 'ipLibrary',
		parameters: () => ({
			resource: 'ipLibrary',
			operation: 'addIps',
			library: 'suspicious',
			ips: '3.3.3.97',
			additionalFields: {
				name: 'Foo bar',
				description: 'Lorem ipsum had a little lamb',
				categories: 'foo, bar',
				expiresOn: '2027-01-17T15:52:24Z',
			},
		}),
	},
	'Delete an IP from the suspicious library': {
		resource: 'ipLibrary',
		parameters: (sim) => ({
			resource: 'ipLibrary',
			operation: 'removeIps',
			library: 'suspicious',
			ips: loneSuspicious(sim).ip_address,
		}),
		placeholders: (sim) => ({ ZkL4dG31oj: loneSuspicious(sim).pk }),
	},
	'List Threats': {
		resource: 'threat',
		parameters: () => ({ resource: 'threat', operation: 'getAll', limit: 5 }),
		adds: PAGING,
	},
	'Retrieve a specific incident': {
		resource: 'incident',
		parameters: (sim) => ({
			resource: 'incident',
			operation: 'get',
			incidentId: sim.state.incidents[0].id,
		}),
		placeholders: (sim) => ({ EnterIncidentID: sim.state.incidents[0].id }),
	},
	'Update an incidents status to NEW': {
		resource: 'incident',
		parameters: (sim) => ({
			resource: 'incident',
			operation: 'update',
			incidentId: sim.state.incidents[0].id,
			updateFields: { status: 'NEW' },
		}),
		placeholders: (sim) => ({ EnterIncidentID: sim.state.incidents[0].id }),
	},
	'List all Incidents': {
		resource: 'incident',
		parameters: () => ({ resource: 'incident', operation: 'getAll', limit: 5 }),
		adds: {
			...INCIDENT_LIST,
			order: 'the node always asks for an explicit order (default Newest Created First)',
		},
	},
	'List latest Incidents': {
		resource: 'incident',
		parameters: () => ({
			resource: 'incident',
			operation: 'getAll',
			limit: 5,
			options: { sort: '-created_at' },
		}),
		adds: INCIDENT_LIST,
	},
};
