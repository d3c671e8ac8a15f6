// The example workflows in examples/ and the variants the demo and the e2e derive from them
// (credential attached, Slack replaced by an HTTP Request to the local chat receiver). The
// example files stay the single source: variants are generated, never stored.
import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME, REPO_ROOT } from './n8n-runtime.mjs';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The four examples, by short key. */
export const EXAMPLES = {
	autoBlock: 'auto-block-suspicious-ip.json',
	incidentAlert: 'incident-alert-to-chat.json',
	dailyDigest: 'daily-digest.json',
	aiAgent: 'ai-agent-cloudlock-tool.json',
};

/** Names of the auto-block example's nodes whose output the demo and the e2e read. */
export const AUTO_BLOCK_NODES = {
	trigger: 'New critical incident',
	activity: 'Look up the activity',
	addIps: 'Add IP to Suspicious library',
	update: 'Set incident In Progress',
};

export const CLOUDLOCK_CREDENTIAL_TYPE = 'ciscoCloudlockApi';
const CLOUDLOCK_NODE = /^n8n-nodes-cisco-cloudlock\.ciscoCloudlock(Trigger|Tool)?$/;
const SLACK_NODE = 'n8n-nodes-base.slack';

export function examplePath(key) {
	const file = EXAMPLES[key];
	if (!file) throw new Error(`unknown example ${key}`);
	return path.join(EXAMPLES_DIR, file);
}

/** A fresh copy of an example workflow (parsed JSON). */
export function loadExample(key) {
	return JSON.parse(fs.readFileSync(examplePath(key), 'utf8'));
}

/** Copy of `workflow` with `id`, a name suffix, and the Cloudlock credential on every Cloudlock node. */
export function withCredential(workflow, { id, nameSuffix = '', credential }) {
	const wf = structuredClone(workflow);
	if (id) wf.id = id;
	wf.name = `${wf.name}${nameSuffix}`;
	wf.active = false;
	for (const node of wf.nodes) {
		if (credential && CLOUDLOCK_NODE.test(node.type)) {
			node.credentials = {
				[CLOUDLOCK_CREDENTIAL_TYPE]: { id: credential.id, name: credential.name },
			};
		}
	}
	return wf;
}

/**
 * Example `key` with `withCredential` applied and its Slack nodes posting to the chat receiver at
 * `chatUrl` instead (toChatReceiverVariant).
 */
export function chatReceiverExample(key, { id, nameSuffix, credential, chatUrl }) {
	return toChatReceiverVariant(
		withCredential(loadExample(key), { id, nameSuffix, credential }),
		chatUrl,
	);
}

/**
 * Manual Trigger → Cisco Cloudlock Incident → Get Many, a workflow `n8n execute --id` runs at once.
 * `getMany` holds its parameters after resource and operation (limit, filters, simplify, …); node
 * IDs are `<idPrefix>-0000-4000-8000-00000000000<1|2>`.
 */
export function incidentGetManyWorkflow({
	id,
	name,
	idPrefix,
	triggerName,
	nodeName,
	getMany,
	credential,
}) {
	return {
		id,
		name,
		active: false,
		nodes: [
			{
				parameters: {},
				id: `${idPrefix}-0000-4000-8000-000000000001`,
				name: triggerName,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				parameters: { resource: 'incident', operation: 'getAll', ...getMany, options: {} },
				id: `${idPrefix}-0000-4000-8000-000000000002`,
				name: nodeName,
				type: `${PACKAGE_NAME}.ciscoCloudlock`,
				typeVersion: 1,
				position: [220, 0],
				credentials: {
					[CLOUDLOCK_CREDENTIAL_TYPE]: { id: credential.id, name: credential.name },
				},
			},
		],
		connections: { [triggerName]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Replaces every Slack node by an HTTP Request node (`n8n-nodes-base.httpRequest`) that POSTs
 * `{ channel, text }` (the Slack node's own channel and text) to `url`; connections follow the
 * new name. Everything else stays as in the example.
 */
export function toChatReceiverVariant(workflow, url) {
	const wf = structuredClone(workflow);
	const renames = new Map();
	wf.nodes = wf.nodes.map((node) => {
		if (node.type !== SLACK_NODE) return node;
		const name = node.name.replace(/Slack/g, 'chat (local receiver)');
		renames.set(node.name, name);
		const channel = node.parameters?.channelId?.value ?? '';
		return {
			parameters: {
				method: 'POST',
				url,
				sendBody: true,
				specifyBody: 'keypair',
				bodyParameters: {
					parameters: [
						{ name: 'channel', value: String(channel) },
						{ name: 'text', value: node.parameters?.text ?? '' },
					],
				},
				options: {},
			},
			id: node.id,
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: node.position,
		};
	});
	const rename = (n) => renames.get(n) ?? n;
	const connections = {};
	for (const [from, byType] of Object.entries(wf.connections ?? {})) {
		const out = {};
		for (const [type, outputs] of Object.entries(byType)) {
			out[type] = outputs.map((targets) =>
				(targets ?? []).map((t) => ({ ...t, node: rename(t.node) })),
			);
		}
		connections[rename(from)] = out;
	}
	wf.connections = connections;
	return wf;
}

/** Sets the poll schedule of every polling trigger to one cron expression (e.g. a fixed second). */
export function withPollCron(workflow, cronExpression) {
	const wf = structuredClone(workflow);
	for (const node of wf.nodes) {
		if (node.parameters?.pollTimes) {
			node.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression }] };
		}
	}
	return wf;
}

/**
 * Adds a Manual Trigger ("Run now") wired like the workflow's Schedule Trigger, so that
 * `n8n execute --id` (which needs a manual or Execute Workflow trigger) can run it right away.
 */
export function withManualStart(workflow) {
	const wf = structuredClone(workflow);
	const schedule = wf.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error(`withManualStart: "${wf.name}" has no Schedule Trigger`);
	const name = 'Run now';
	wf.nodes.push({
		parameters: {},
		id: `${schedule.id.slice(0, -4)}ffff`,
		name,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [schedule.position[0], schedule.position[1] + 200],
	});
	wf.connections[name] = structuredClone(wf.connections[schedule.name]);
	return wf;
}

/**
 * What the n8n editor would flag in `workflow`, checked against the node type descriptions of a
 * running n8n (`GET /types/nodes.json`) with that n8n's own `NodeHelpers` (from n8n-workflow):
 * unknown node types or versions, parameter issues (required values missing, …), parameters the
 * node does not have or does not show for the chosen resource/operation (typos), unknown keys in
 * a collection, and connections to missing nodes. → list of readable problems (empty = clean).
 */
export function workflowIssues(workflow, nodeTypes, NodeHelpers) {
	const problems = [];
	const described = (type, version) =>
		nodeTypes.find(
			(t) =>
				t.name === type && (Array.isArray(t.version) ? t.version : [t.version]).includes(version),
		);
	for (const node of workflow.nodes) {
		const where = `node "${node.name}" (${node.type} v${node.typeVersion})`;
		const desc = described(node.type, node.typeVersion);
		if (!desc) {
			problems.push(`${where}: type or version unknown to this n8n`);
			continue;
		}
		const given = node.parameters ?? {};
		const params =
			NodeHelpers.getNodeParameters(desc.properties, given, true, false, node, desc) ?? {};
		const issues = NodeHelpers.getNodeParametersIssues(
			desc.properties,
			{ ...node, parameters: params },
			desc,
		);
		for (const [name, list] of Object.entries(issues?.parameters ?? {})) {
			problems.push(`${where}: ${name}: ${list.join(' ')}`);
		}
		for (const key of Object.keys(given)) {
			if (!(key in params)) problems.push(`${where}: parameter "${key}" is unknown or not shown`);
		}
		for (const [key, value] of Object.entries(given)) {
			const prop = desc.properties.find(
				(p) =>
					p.name === key &&
					p.type === 'collection' &&
					NodeHelpers.displayParameter(params, p, node, desc),
			);
			if (!prop || !value || typeof value !== 'object') continue;
			for (const sub of Object.keys(value)) {
				if (!prop.options?.some((o) => o.name === sub))
					problems.push(`${where}: "${key}.${sub}" is not an option`);
			}
		}
	}
	const names = new Set(workflow.nodes.map((n) => n.name));
	for (const [from, byType] of Object.entries(workflow.connections ?? {})) {
		if (!names.has(from)) problems.push(`connection from missing node "${from}"`);
		for (const outputs of Object.values(byType)) {
			for (const target of outputs.flat()) {
				if (target && !names.has(target.node))
					problems.push(`connection to missing node "${target.node}"`);
			}
		}
	}
	return problems;
}
