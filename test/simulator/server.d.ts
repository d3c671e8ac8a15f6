/**
 * Type declarations for the Cisco Cloudlock API simulator (server.js, CommonJS).
 *
 *   import { startSimulator } from '../simulator/server';
 */

export type Severity = 'INFO' | 'WARNING' | 'CRITICAL' | 'ALERT';
export type IncidentStatus = 'NEW' | 'IN PROGRESS' | 'RESOLVED' | 'DISMISSED';
export type IncidentOrder =
	'created_at' | '-created_at' | 'updated_at' | '-updated_at' | 'id' | '-id';
export type IpLibrary = 'suspicious' | 'trusted';
export type AppClassificationType = 'unclassified' | 'trusted' | 'restricted' | 'banned';

export interface VendorRef {
	name: string;
	[key: string]: unknown;
}

export interface IncidentEntityRef {
	id: string;
	name: string;
	mime_type: string;
	direct_url: string;
	origin_id: string;
	origin_type: string;
	owner_email: string;
	owner_name: string;
	vendor: VendorRef;
	/** present on UEBA incidents (origin_type 'activity') */
	ip?: string;
	extra: Record<string, unknown>;
	[key: string]: unknown;
}

export interface PolicyRef {
	id: string;
	name: string;
	[key: string]: unknown;
}

export interface IncidentMatch {
	created_at: string;
	ctx_before: string;
	ctx_after: string;
	field_name: string;
	text: string;
	policy_criteria?: { id: string };
	[key: string]: unknown;
}

export interface Incident {
	/** numeric string, e.g. "320831601" */
	id: string;
	/** e.g. "2026-11-30T10:15:02.123456+00:00" */
	created_at: string;
	updated_at: string;
	customer_key: string;
	incident_status: IncidentStatus | string;
	severity: Severity | string;
	match_count: number;
	extra: unknown[];
	entity: IncidentEntityRef;
	policy: PolicyRef;
	matches: IncidentMatch[];
	/** 'COMPLIANCE' or 'UEBA' in seeded data */
	incident_type: string;
	[key: string]: unknown;
}

export interface IncidentAggregate {
	agg: { info: number; warning: number; critical: number; alert: number; total: number };
	id: string;
	name: string;
}

export interface AclEntry {
	id: string;
	value: string;
	role: string;
	type: string;
	status: string;
	/** "2026-11-30 10:15:02.123456" (space, no zone) */
	created_on: string;
	vendor: VendorRef;
	origin_id: string | null;
	[key: string]: unknown;
}

export interface IncidentEntityDetail {
	id: string;
	name: string;
	mime_type: string;
	user: string;
	owner_name: string;
	owner_vendor_id: string;
	acl: AclEntry[];
	created_at: string | null;
	updated_at: string | null;
	entity_status: string;
	origin_id: string;
	origin_type: string;
	origin_subtype?: string;
	[key: string]: unknown;
}

export interface Activity {
	event_id: string;
	client_ip: string;
	event_type: string;
	/** "2026-11-30T10:15:02.123Z" */
	created_at: string;
	operation_successful: boolean;
	client_location: Record<string, unknown>;
	event_category: string;
	origin_id: string;
	user: { vendor_id: string; user_email: string; [key: string]: unknown };
	user_agent: string;
	vendor: { name: string; service: string; [key: string]: unknown };
	extra: Record<string, unknown>;
	raw: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ScopeCategory {
	category_id: string;
	title: string;
}

export interface App {
	id: string;
	app: {
		id: string;
		name: string;
		vendor: VendorRef;
		trust_rating: number | null;
		category: string | null;
		install_type: string;
		is_revokable: boolean;
		origin_id: string;
		[key: string]: unknown;
	};
	classification: {
		type: AppClassificationType | string;
		method: string;
		reason: string;
		reason_id?: number;
		other_reason?: string;
		updated_at: string;
		[key: string]: unknown;
	};
	scope_categories: ScopeCategory[];
	detected_at: string;
	users_count: number;
	admins_count: number;
	[key: string]: unknown;
}

export interface AccessScope {
	category: { id: string; title: string };
	description: string;
	friendly_name: string;
	id: string;
	url: string;
	[key: string]: unknown;
}

export interface AppInstall {
	app: Record<string, unknown>;
	vendor: VendorRef;
	detection_date: string;
	domain: string;
	family_name: string;
	given_name: string;
	scope_id: number;
	scope_type: string;
	scope_value: string;
	/** 'installed' | 'not_installed' */
	state: string;
	[key: string]: unknown;
}

export interface Permission {
	type: string;
	role: string;
	value: string;
	name?: string;
	[key: string]: unknown;
}

export interface Entity {
	id: string;
	vendor: VendorRef;
	origin_id: string;
	origin_type: string;
	asset_type: string;
	owners: Permission[];
	mime_type: string;
	exposure: string;
	collaborators_count: number;
	name: string;
	size: number;
	updated_at: string;
	created_at: string;
	direct_url: string;
	collaborators: Permission[];
	[key: string]: unknown;
}

export interface Policy {
	id: string;
	name: string;
	description: string | null;
	state: 'ACTIVE' | 'INACTIVE' | string;
	policy_type: string;
	actions_attached: boolean;
	created_at: string;
	updated_at: string;
	severity: Severity | string;
	[key: string]: unknown;
}

export interface Threat {
	id: string;
	description: string;
	event_count: number;
	threat_risk: string;
	platforms: string[];
	users: string[];
	status: 'Active' | 'Dismissed' | string;
	locations: string[];
	start_time: string;
	end_time: string;
	detected_at: string;
	[key: string]: unknown;
}

export interface IpEntry {
	/** 10-char [A-Za-z0-9] id */
	pk: string;
	type: IpLibrary | string;
	name: string;
	ip_address: string;
	description: string;
	categories: string[];
	location: string;
	created_on: string;
	updated_on: string;
	expires_on: string | null;
	[key: string]: unknown;
}

export interface SeededUser {
	email: string;
	name: string;
	vendor_id: string;
}

export interface SimState {
	incidents: Incident[];
	activities: Activity[];
	apps: App[];
	entities: Entity[];
	policies: Policy[];
	threats: Threat[];
	ip: { suspicious: IpEntry[]; trusted: IpEntry[] };
	/** details served by GET /incident_entities/{id} */
	incidentEntities: IncidentEntityDetail[];
	/** app id -> installs served by GET /apps/{id}/installs (an app counts as installed if any install is) */
	appInstalls: Record<string, AppInstall[]>;
	/** app id -> scopes served by GET /apps/{id}/access_scopes */
	appScopes: Record<string, AccessScope[]>;
	classificationReasons: Array<{ id: number; reason: string }>;
	users: SeededUser[];
	/** incident entity references used when new incidents are generated */
	entityRefs: IncidentEntityRef[];
}

export interface SimOptions {
	maxLimit: number;
	defaultLimit: number;
	limitOverMax: 'clamp' | 'error';
	ignoreOffset: boolean;
	total: 'exact' | 'missing' | 'pageSize' | 'zero';
	afterInclusive: boolean;
	beforeInclusive: boolean;
	timePrecision: 'micro' | 'milli' | 'second' | 'minute';
	rateLimitPerSecond: number;
	rateLimitRetryAfter: boolean;
	ipPost: 'entry' | 'empty' | 'noPk' | 'ghost' | 'rejectDuplicate';
	ipTrustedJsonPost: boolean;
	policiesShape: 'envelope' | 'bare';
	subResourceShape: 'array' | 'envelope';
	defaultOrder: IncidentOrder;
}

export interface SeedCounts {
	incidents: number;
	activities: number;
	apps: number;
	entities: number;
	policies: number;
	threats: number;
	suspicious: number;
	trusted: number;
}

export interface FaultMatch {
	/** e.g. 'GET' (case-insensitive) */
	method?: string;
	/** path under /api/v2, exact ('/incidents') or prefix ending in '*' ('/ip/*') */
	path?: string;
}

export interface FaultBase {
	/** how many matching requests this fault applies to (default 1) */
	times?: number;
	match?: FaultMatch;
}

export interface StatusFault extends FaultBase {
	kind: 'status';
	status: number;
	/** '<seconds>' or 'http-date:<seconds from now>' */
	retryAfter?: string | number;
	/** string is sent verbatim; anything else as JSON. Default {"message": <status text>} */
	body?: unknown;
}
export interface ResetFault extends FaultBase {
	kind: 'reset';
}
export interface SlowFault extends FaultBase {
	kind: 'slow';
	ms: number;
}
export interface MalformedFault extends FaultBase {
	kind: 'malformed';
}
export interface HtmlFault extends FaultBase {
	kind: 'html';
}
export interface NotCloudlockFault extends FaultBase {
	kind: 'notCloudlock';
}
export type Fault =
	StatusFault | ResetFault | SlowFault | MalformedFault | HtmlFault | NotCloudlockFault;

export interface RecordedRequest {
	method: string;
	/** path without query, e.g. '/api/v2/incidents' */
	path: string;
	/** decoded query, last value wins */
	query: Record<string, string>;
	rawQuery: string;
	/** parsed JSON, raw string, or undefined when there was no body */
	body: unknown;
	/** request headers, lower-case names */
	headers: Record<string, string>;
	/** status sent; 0 for a reset fault (or while still pending) */
	status: number;
	/** real time (Date.now()) when the request arrived */
	at: number;
}

export interface SimClock {
	now(): number;
	/** freeze the clock at ms */
	set(ms: number): void;
	/** move the clock (frozen or not) by ms */
	advance(ms: number): void;
	/** back to real time (Date.now()) */
	real(): void;
	readonly frozen: boolean;
}

export interface StartOptions {
	/** default 0 (any free port) */
	port?: number;
	/** default '127.0.0.1' */
	host?: string;
	/** default 'sim-token' */
	token?: string;
	/** default 1 */
	seed?: number;
	seedCounts?: Partial<SeedCounts>;
	/** ms; anchor for seeded timestamps (default Date.now()) */
	now?: number;
	/** initial switches (reset() returns to these) */
	options?: Partial<SimOptions>;
	/** ms added to every /api/v2 response */
	latency?: number;
	/** start with the clock frozen at `now` */
	freezeClock?: boolean;
}

export type IncidentInput = Partial<
	Omit<Incident, 'entity' | 'policy' | 'created_at' | 'updated_at'>
> & {
	entity?: Partial<IncidentEntityRef>;
	policy?: Partial<PolicyRef>;
	/** ms number, Date, or a timestamp string (kept verbatim) */
	created_at?: string | number | Date;
	updated_at?: string | number | Date;
};

export type ActivityInput = Partial<Omit<Activity, 'created_at' | 'vendor' | 'user'>> & {
	vendor?: Partial<Activity['vendor']>;
	user?: Partial<Activity['user']>;
	created_at?: string | number | Date;
};

export type IpEntryInput = Partial<IpEntry>;

export interface ResetOverrides {
	seed?: number;
	now?: number;
	seedCounts?: Partial<SeedCounts>;
}

export interface Simulator {
	/** 'http://127.0.0.1:<port>/api/v2' */
	readonly baseUrl: string;
	/** 'http://127.0.0.1:<port>' */
	readonly origin: string;
	readonly port: number;
	readonly host: string;
	readonly token: string;
	readonly server: unknown;
	/** every /api/v2 (and other non-/_sim) request, including faulted ones */
	readonly requests: RecordedRequest[];
	clearRequests(): void;
	/** live state; tests may read and mutate */
	readonly state: SimState;
	/** copy of the current switches (change them with setOptions) */
	readonly options: SimOptions;
	readonly latency: number;
	/** copy of the pending fault queue */
	readonly faults: Fault[];
	readonly clock: SimClock;
	addIncident(partial?: IncidentInput): Incident;
	addIncidents(n: number, partial?: IncidentInput): Incident[];
	updateIncident(id: string | number, patch: IncidentInput): Incident;
	addActivity(partial?: ActivityInput): Activity;
	addIpEntry(lib: IpLibrary, partial?: IpEntryInput): IpEntry;
	setLatency(ms: number): void;
	setOptions(partial: Partial<SimOptions>): SimOptions;
	injectFault(fault: Fault): void;
	injectFaults(faults: Fault[]): void;
	clearFaults(): void;
	/** reseed state (same seed/now unless overridden), clear requests and faults, restore options, latency and clock */
	reset(overrides?: ResetOverrides): void;
	close(): Promise<void>;
}

export function startSimulator(options?: StartOptions): Promise<Simulator>;

export const DEFAULT_OPTIONS: Readonly<SimOptions>;
export const DEFAULT_SEED_COUNTS: Readonly<SeedCounts>;
export const DEFAULT_TOKEN: string;
export const MESSAGES: Readonly<Record<string, string>>;
/** Parse any accepted timestamp format to integer microseconds since the epoch (UTC if zone-less); null if invalid. */
export function parseTimestamp(value: string): number | null;
/** micro -> '2026-11-30T10:15:02.123456+00:00' */
export function formatMicro(micro: number): string;
/** micro -> '2026-11-30T10:15:02.123Z' */
export function formatMilliZ(micro: number): string;
export function isValidIp(value: string): boolean;
