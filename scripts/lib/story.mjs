// The demo's story on the Cloudlock simulator, through its HTTP control API (/_sim): a login
// activity from a public-looking IP and a critical UEBA incident pointing at it, as Cloudlock
// would raise it. Also the simulator start-up shared by the demo, the e2e and the screenshot.
import { createRequire } from 'node:module';
import path from 'node:path';

import { REPO_ROOT } from './n8n-runtime.mjs';

const require = createRequire(import.meta.url);

/** `startSimulator` from test/simulator/server.js (CommonJS, Node built-ins only). */
export function loadSimulator() {
	return require(path.join(REPO_ROOT, 'test', 'simulator', 'server.js'));
}

/** Client for the simulator's control API at `origin` (no auth): `get(path)`, `post(path, body)`. */
export function simControl(origin) {
	const call = async (method, p, body) => {
		const res = await fetch(`${origin}${p}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} ${p} → ${res.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : null;
	};
	return {
		get: (p) => call('GET', p),
		post: (p, body = {}) => call('POST', p, body),
		delete: (p) => call('DELETE', p),
	};
}

/**
 * Whether `request` (from the simulator's request log) is a Cisco Cloudlock Trigger poll (the
 * incident list ordered by created_at) made at or after `sinceMs`.
 */
export function isTriggerPoll(request, sinceMs) {
	return (
		request.at >= sinceMs &&
		request.method === 'GET' &&
		/\/incidents\/?$/.test(request.path) &&
		(request.query.order === 'created_at' || request.query.order === '-created_at')
	);
}

/** The composite activity ID Cloudlock's `ids` filter and `entity.origin_id` use. */
export const compositeId = (activity) =>
	`${activity.vendor.name}:${activity.vendor.service}:${activity.event_id}`;

/**
 * Creates, through `/_sim`, a login activity from `ip` and a UEBA incident (`severity`, status
 * NEW) whose entity points at it (`origin_id` = the activity's composite ID) → `{ activity, incident }`.
 */
export async function raiseUebaIncident(ctl, { ip, severity = 'CRITICAL', vendor = 'google' }) {
	const activity = await ctl.post('/_sim/activities', {
		event_type: 'login',
		client_ip: ip,
		vendor: { name: vendor },
		operation_successful: true,
	});
	const email = activity.user.user_email;
	const incident = await ctl.post('/_sim/incidents', {
		incident_type: 'UEBA',
		severity,
		incident_status: 'NEW',
		entity: {
			origin_id: compositeId(activity),
			origin_type: 'activity',
			ip,
			owner_email: email,
			name: `Login by ${email} from ${ip}`,
			vendor: { name: activity.vendor.name },
		},
	});
	return { activity, incident };
}

/** Entries of a simulator IP library (`suspicious`|`trusted`) for one address. */
export async function libraryEntries(ctl, library, ip) {
	const state = await ctl.get('/_sim/state?include=ip');
	return (state.ip?.[library] ?? []).filter((e) => e.ip_address === ip);
}

/** The incident with this id in the simulator's state. */
export async function simIncident(ctl, id) {
	const state = await ctl.get('/_sim/state?include=incidents');
	return state.incidents.find((i) => String(i.id) === String(id));
}
