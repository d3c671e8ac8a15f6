import type { INodeProperties } from 'n8n-workflow';

/** Return All + Limit, the pair every Get Many carries. */
export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export const simplifyField = (what: string): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description: `Whether to return a flat summary of each ${what} instead of the full record`,
});

/** Option users set to stay under their tenant's rate limit. */
export const maxConcurrencyOption: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 16 },
	default: 8,
	description:
		'How many requests to Cloudlock may run at the same time. Lower it if your tenant hits its rate limit; the node also slows down by itself after a 429.',
};

export const SEVERITY_OPTIONS = [
	{ name: 'Alert', value: 'ALERT' },
	{ name: 'Critical', value: 'CRITICAL' },
	{ name: 'Info', value: 'INFO' },
	{ name: 'Warning', value: 'WARNING' },
];

export const INCIDENT_STATUS_OPTIONS = [
	{ name: 'Dismissed', value: 'DISMISSED' },
	{ name: 'In Progress', value: 'IN PROGRESS' },
	{ name: 'New', value: 'NEW' },
	{ name: 'Resolved', value: 'RESOLVED' },
];

export const VENDOR_OPTIONS = [
	{ name: 'Box', value: 'box' },
	{ name: 'Google', value: 'google' },
	{ name: 'Microsoft 365', value: 'office365' },
	{ name: 'Salesforce', value: 'salesforce' },
];

/** Collection options in n8n's order (by name), whatever order the caller lists them in. */
function sortedByName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The "Filters" collection of a list operation. */
export function filtersCollection(...filters: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: sortedByName(filters),
	};
}

/** The "Options" collection of a request-sending operation: Max Concurrent Requests and `extra`. */
export function optionsCollection(...extra: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: sortedByName([maxConcurrencyOption, ...extra]),
	};
}

type DateFilterKind = 'created' | 'detected' | 'updated';

/**
 * One time-bound filter, e.g. `createdAfter` "Created After". `subject` opens its description:
 * 'Only incidents created' → 'Only incidents created after this time (sent to Cloudlock in UTC)'.
 */
export function dateFilterField(
	kind: DateFilterKind,
	edge: 'After' | 'Before',
	subject: string,
): INodeProperties {
	return {
		displayName: `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ${edge}`,
		name: `${kind}${edge}`,
		type: 'dateTime',
		default: '',
		description: `${subject} ${edge.toLowerCase()} this time (sent to Cloudlock in UTC)`,
	};
}

/** The After and Before filters of one timestamp (see dateFilterField). */
export function dateRangeFields(kind: DateFilterKind, subject: string): INodeProperties[] {
	return [dateFilterField(kind, 'After', subject), dateFilterField(kind, 'Before', subject)];
}

/** Incident filters shared by Incident → Get Many and the trigger. */
export const incidentFilterFields: INodeProperties[] = [
	{
		displayName: 'Policy Name or ID',
		name: 'policyId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPolicies' },
		default: '',
		description:
			'Only incidents raised by this policy. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'multiOptions',
		options: SEVERITY_OPTIONS,
		default: [],
		description: 'Only incidents with one of these severities',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'multiOptions',
		options: INCIDENT_STATUS_OPTIONS,
		default: [],
		description: 'Only incidents with one of these statuses',
	},
	{
		displayName: 'Vendor',
		name: 'vendor',
		type: 'options',
		options: VENDOR_OPTIONS,
		default: 'google',
		description: 'Only incidents on this cloud platform',
	},
];
