/**
 * The only requests the node may send that Cisco's OpenAPI (cloudlock-openapi-1.0.0.yaml) does not
 * describe. Every entry names its evidence as tagged in ../shared/reference/cloudlock-api-notes.md.
 * openapi.test.ts fails on any request outside the OpenAPI and this list, and on any entry (or any
 * key of an entry) the node no longer sends once the entry's resource has landed.
 */
export interface ContractException {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Path below /api/v2; `{name}` matches one segment. */
	path: string;
	/** The whole operation is missing from the OpenAPI. */
	operation?: boolean;
	/** Query parameters the node sends here although the OpenAPI does not list them. */
	query?: string[];
	/** JSON body fields the node sends here although the OpenAPI does not list them. */
	body?: string[];
	/** Listed body fields the node sends with another JSON type than the OpenAPI declares. */
	bodyTypes?: Record<string, string>;
	/** Node resource whose operations send it (the stale check waits for the resource to land). */
	resource: string;
	reason: string;
	/** Source tags and section of cloudlock-api-notes.md. */
	source: string;
}

const PAGING_REASON =
	'Paging: Cisco documents limit/offset for every collection endpoint, the OpenAPI declares them only on /apps, /incidents and /ip/*';
const PAGING_SOURCE = 'GS, LEG-INTRO; R7 sends them here (notes §3.2)';

export const CONTRACT_EXCEPTIONS: ContractException[] = [
	{
		method: 'GET',
		path: '/incidents',
		query: ['count_total'],
		resource: 'incident',
		reason:
			'count_total=false turns off the expensive total count; documented on /apps only, sent to /incidents by Cisco’s own clients',
		source: 'P: DEVNET-SS, DEVNET-SS-COMMIT ca601c8, QRADAR (notes §3.3, §4.1)',
	},
	{
		method: 'PUT',
		path: '/incidents/{id}',
		body: ['severity'],
		resource: 'incident',
		reason: 'The OpenAPI body lists incident_status only; Cisco’s QRadar app also updates severity',
		source: 'P: QRADAR (notes §4.1)',
	},
	{
		method: 'PUT',
		path: '/incidents/{id}',
		body: ['customer_key'],
		resource: 'incident',
		reason:
			'The OpenAPI body lists incident_status only; Cisco’s sample script sets customer_key (update_incident)',
		source: 'P: DEVNET-SS (notes §4.1)',
	},
	...['status', 'users'].map((group): ContractException => ({
		method: 'GET',
		path: `/incidents/aggregates/${group}`,
		query: ['created_after', 'vendor'],
		resource: 'incidentAggregate',
		reason:
			'The OpenAPI attaches the aggregate filters to /incidents/aggregates/policies only; Cisco’s aggregates page documents them for the whole family',
		source: 'C: LEG-AGG (notes §4.2); P: QRADAR filters status by created_after',
	})),
	{
		method: 'GET',
		path: '/activities',
		query: ['limit', 'offset'],
		resource: 'activity',
		reason: PAGING_REASON,
		source: PAGING_SOURCE,
	},
	{
		method: 'GET',
		path: '/entities',
		query: ['limit', 'offset'],
		resource: 'entity',
		reason: PAGING_REASON,
		source: PAGING_SOURCE,
	},
	{
		method: 'GET',
		path: '/policies',
		query: ['limit', 'offset'],
		resource: 'policy',
		reason: PAGING_REASON,
		source: PAGING_SOURCE,
	},
	{
		method: 'GET',
		path: '/policies',
		query: ['name'],
		resource: 'policy',
		reason:
			'Name filter: the OpenAPI lists only state; Cisco’s Policies page documents name (with order and the created/updated bounds)',
		source: 'C: LEG-POL (notes §4.7)',
	},
	...['access_scopes', 'installs'].map((sub): ContractException => ({
		method: 'GET',
		path: `/apps/{id}/${sub}`,
		query: ['limit', 'offset'],
		resource: 'app',
		reason: `${PAGING_REASON}; this sub-list's shape and paging are undocumented, so the node pages it in case it is an envelope`,
		source: `${PAGING_SOURCE}; shape unknown (notes §3.1)`,
	})),
	{
		method: 'PUT',
		path: '/ip/{library}/{id}',
		bodyTypes: { categories: 'array' },
		resource: 'ipLibrary',
		reason:
			'The OpenAPI types categories as a string ("offices, locations"); Cisco’s legacy entry sample and Postman use an array of strings, as the node does for add and update',
		source: 'C: LEG-IP, DEVNET-POSTMAN vs SPEC (notes §5, "categories [?]")',
	},
	{
		method: 'PUT',
		path: '/ip/suspicious/{id}',
		bodyTypes: { expires_on: 'null' },
		resource: 'ipLibrary',
		reason:
			'Clearing an expiry (Expires On left empty) sends expires_on: null; the OpenAPI declares a string and says nothing about clearing, and Cloudlock shows unset timestamps as null',
		source: 'C: SPEC, LEG-IP; unset timestamps as null per notes §8 (clearing itself is [I])',
	},
	{
		method: 'GET',
		path: '/threats',
		operation: true,
		query: ['created_after', 'created_before', 'limit', 'offset', 'status'],
		resource: 'threat',
		reason:
			'Anomalies ("threats") are not in the OpenAPI; Cisco’s Postman collection and the legacy Anomalies page document GET /threats',
		source: 'C: LEG-ANOM, DEVNET-POSTMAN "List Threats" (notes §2 row x, §4.8)',
	},
	{
		method: 'POST',
		path: '/ip/{library}',
		body: ['categories', 'description', 'expires_on', 'ip_address', 'name'],
		resource: 'ipLibrary',
		reason:
			'Adding one entry as JSON: the OpenAPI only describes a multipart CSV upload; Cisco’s Postman request "Add a new IP to the suspicious library" sends this JSON body',
		source: 'C: DEVNET-POSTMAN (notes §2 row 15, §5)',
	},
];
