/**
 * Runs the Cisco Cloudlock nodes inside n8n-core's real execution engine (n8n-core 2.40.3).
 *
 * Nothing here fakes an n8n behaviour the nodes depend on: parameters are read by the real
 * ExecuteContext / PollContext / LoadOptionsContext, credentials go through an ICredentialsHelper
 * that applies the credential class's own `authenticate` with n8n-workflow's expression engine,
 * and every request leaves through n8n-core's `httpRequestWithAuthentication` over real HTTP.
 *
 * API (other test files code against it — keep it stable):
 *
 *   runNode({ parameters, input?, credentials?, continueOnFail?, timezone?, nodeName? })
 *     → Promise<{ items: INodeExecutionData[]; error?: Error }>
 *     Builds a Workflow "Start" → <nodeName, default 'Cisco Cloudlock'> and runs it with
 *     WorkflowExecute in 'manual' mode. `input` (default [{}]) becomes the Start node's items.
 *     `items` is the Cloudlock node's main[0] output ([] when it failed). `error` is the very
 *     NodeApiError / NodeOperationError instance the node threw (message, description,
 *     context.itemIndex, httpCode intact). `continueOnFail` sets onError 'continueRegularOutput'.
 *     `credentials` ({ baseUrl, accessToken }) is omitted → the node has no credential attached,
 *     as in n8n, so the engine's own "no credentials set" error surfaces.
 *     The node's `credentials` field is { ciscoCloudlockApi: { id: '1', name: 'Cloudlock (test)' } }.
 *     `timezone` is the workflow setting (default 'UTC'). A workflow n8n refuses to start (a
 *     required parameter left empty) comes back as `error` (WorkflowHasIssuesError), `items` [].
 *
 *   runPoll({ parameters, staticData, mode?, credentials, timezone?, pollBudgetMs?, staticDataScope?,
 *             nodeName? })
 *     → Promise<INodeExecutionData[][] | null>   (rejects with the trigger's error instance)
 *     One poll of the Cisco Cloudlock Trigger through n8n-core's PollContext, run the way n8n's
 *     PollTriggerExecutor runs a tick (inside `__runPoll`, `__emit` on a non-null result,
 *     `__commitCursor` on null). `staticData` is owned by the caller and plays the stored
 *     node static data between calls:
 *       mode 'trigger' (default), staticDataScope 'live' (default): getWorkflowStaticData('node')
 *         is the caller's object itself (wrapped in n8n's ObservableObject proxy, exactly as an
 *         active workflow's in-memory static data is). Every mutation sticks immediately, even
 *         when the poll then throws — as for a node on n8n's in-memory static-data path.
 *       mode 'trigger', staticDataScope 'staged': n8n 2.40's durable-cursor path
 *         (ActiveWorkflowManager.getExecutePollFunctions for a migrated node): the poll gets a
 *         deep copy; the copy is written back into the caller's object only when the poll
 *         succeeds (items → __emit, null → __commitCursor); a thrown poll leaves it untouched.
 *       mode 'manual': a manual "Fetch test event" (WorkflowExecute.executePollNode). The poll
 *         works on a copy and nothing is written back: n8n never persists static data of a
 *         manual execution (execution-lifecycle-hooks: `if (!isManualMode && ...)`).
 *     `getPollBudgetMs()` is PollContext's own (2.40.3 has it; default 5 minutes); `pollBudgetMs`
 *     replaces it through the constructor argument n8n itself uses.
 *
 *   runLoadOptions(method, { parameters?, credentials, path? }) → Promise<INodePropertyOptions[]>
 *     Calls `new CiscoCloudlock().methods.loadOptions[method]` on n8n-core's LoadOptionsContext
 *     (parameters become `currentNodeParameters`, as the editor sends them; `path` is the
 *     parameter being loaded, e.g. 'parameters.filters.policyId', used by '&sibling' lookups).
 *
 *   Also exported: CREDENTIAL_NAME, NODE_TYPE, TRIGGER_TYPE, TestCredentialsHelper,
 *   nodeTypes, buildAdditionalData(credentials?) — for tests that need a lower-level context
 *   (e.g. the credential test), and `executeContext(...)` which gives a real ExecuteContext of the
 *   Cloudlock node for calling transport functions directly.
 *
 *   Related: ./simulator.ts (useSimulator, fastRetries), ./credentialTest.ts (testCredential: n8n's
 *   credential "Test" button), ./outbound.js (every outgoing URL). n8n's own error logging is
 *   silenced (./quiet-logs.js); run with N8N_LOG_LEVEL=debug to see it.
 */
import './quiet-logs';

import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	PollContext,
	WorkflowExecute,
	WorkflowHasIssuesError,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	ICredentialsHelper,
	isExpression,
	NodeConnectionTypes,
	UnexpectedError,
	Workflow,
} from 'n8n-workflow';

import { CiscoCloudlockApi } from '../../credentials/CiscoCloudlockApi.credentials';
import { CiscoCloudlock } from '../../nodes/CiscoCloudlock/CiscoCloudlock.node';
import { CiscoCloudlockTrigger } from '../../nodes/CiscoCloudlockTrigger/CiscoCloudlockTrigger.node';
import { name as packageName } from '../../package.json';

export interface TestCredentials {
	baseUrl: string;
	accessToken: string;
}

export const CREDENTIAL_NAME = 'ciscoCloudlockApi';
export const CREDENTIAL_REF: INodeCredentialsDetails = { id: '1', name: 'Cloudlock (test)' };
export const NODE_TYPE = `${packageName}.ciscoCloudlock`;
export const TRIGGER_TYPE = `${packageName}.ciscoCloudlockTrigger`;
const START_TYPE = 'test.start';
const START_NAME = 'Start';

// ---------------------------------------------------------------------------------------------
// Node types

/** The first node of every test workflow: hands the items it was started with to the next node. */
class StartNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Feeds the test input into the workflow',
		defaults: { name: START_NAME },
		usableAsTool: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * WorkflowExecute keeps only a plain copy of a node's error (`{...error, message, stack}`); the
 * wrapper records the instance the node threw so tests can check its class and fields. The
 * engine still receives and handles the same thrown object.
 */
let lastThrown: unknown;

function recordingExecute(node: INodeType): INodeType {
	const execute = node.execute!;
	return Object.assign(Object.create(node) as INodeType, {
		async execute(this: IExecuteFunctions) {
			try {
				return await execute.call(this);
			} catch (error) {
				lastThrown = error;
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the engine must get exactly what the node threw
				throw error;
			}
		},
	});
}

const registry: Record<string, INodeType> = {
	[START_TYPE]: new StartNode(),
	[NODE_TYPE]: recordingExecute(new CiscoCloudlock()),
	[TRIGGER_TYPE]: new CiscoCloudlockTrigger(),
};

export const nodeTypes: INodeTypes = {
	getByName(type: string) {
		return this.getByNameAndVersion(type);
	},
	getByNameAndVersion(type: string) {
		const nodeType = registry[type];
		if (!nodeType) throw new UnexpectedError(`Unknown node type "${type}" in the test harness`);
		return nodeType;
	},
	getKnownTypes() {
		return {};
	},
};

// ---------------------------------------------------------------------------------------------
// Credentials

const credentialTypes: Record<string, ICredentialType> = {
	[CREDENTIAL_NAME]: new CiscoCloudlockApi(),
};

/**
 * The parts of n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) a node run
 * touches: stored data by type, and `authenticate`, which resolves a generic credential's
 * expressions with `workflow.expression.getSimpleParameterValue(node, value, 'internal',
 * { $credentials })` — the same call n8n makes.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const { authenticate } = credentialType(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		if (requestOptions.headers === undefined) requestOptions.headers = {};
		const resolve = (value: string): string => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? resolved.toString() : '';
		};
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
				if (!target[outerKey]) target[outerKey] = {};
				target[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		throw new UnexpectedError(
			`The test harness does not load stored credentials (${type} "${nodeCredentials.name}")`,
		);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) {
			throw new UnexpectedError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialType(type).properties;
	}
}

function credentialType(name: string): ICredentialType {
	const type = credentialTypes[name];
	if (!type) throw new UnexpectedError(`Unknown credential type "${name}"`);
	return type;
}

// ---------------------------------------------------------------------------------------------
// Workflow plumbing

const notAvailable = (what: string) => () => {
	throw new UnexpectedError(`${what} is not available in the test harness`);
};

/** The `additionalData` n8n's WorkflowExecuteAdditionalData.getBase() hands to every context. */
export function buildAdditionalData(
	credentials?: TestCredentials,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: new TestCredentialsHelper(
			credentials ? { [CREDENTIAL_NAME]: { ...credentials } } : {},
		),
		hooks,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notAvailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('startRunnerTask'),
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		executionId: '1',
		workflowId: 'test-workflow',
		userId: 'test-user',
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
	};
	return additionalData as IWorkflowExecuteAdditionalData;
}

function credentialField(credentials?: TestCredentials): Pick<INode, 'credentials'> {
	return credentials ? { credentials: { [CREDENTIAL_NAME]: { ...CREDENTIAL_REF } } } : {};
}

// ---------------------------------------------------------------------------------------------
// runNode

export interface RunNodeOptions {
	parameters: IDataObject;
	input?: IDataObject[];
	credentials?: TestCredentials;
	continueOnFail?: boolean;
	timezone?: string;
	nodeName?: string;
}

export interface RunNodeResult {
	items: INodeExecutionData[];
	error?: Error;
}

/** Rebuilds an Error from the plain copy WorkflowExecute stores, when no instance was recorded. */
function errorFromTask(stored: IDataObject): Error {
	const error = new Error(String(stored.message ?? 'Unknown error'));
	Object.assign(error, stored);
	return error;
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const nodeName = options.nodeName ?? 'Cisco Cloudlock';
	const start: INode = {
		id: 'start-node',
		name: START_NAME,
		type: START_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const cloudlock: INode = {
		id: 'cloudlock-node',
		name: nodeName,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters as INode['parameters'],
		...credentialField(options.credentials),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Cloudlock test',
		nodes: [start, cloudlock],
		connections: {
			[START_NAME]: { main: [[{ node: nodeName, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
		active: false,
		nodeTypes,
		settings: { timezone: options.timezone ?? 'UTC', executionOrder: 'v1' },
	});

	const mode: WorkflowExecuteMode = 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, '1', {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [start, cloudlock],
		connections: workflow.connectionsBySourceNode,
	});
	const additionalData = buildAdditionalData(options.credentials, hooks);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: start,
					data: { main: [(options.input ?? [{}]).map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	});

	lastThrown = undefined;
	let run: IRun;
	try {
		run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
			workflow,
		);
	} catch (error) {
		// n8n refuses to start a workflow whose nodes have issues (e.g. a required parameter is
		// empty): the run fails before the node executes.
		if (error instanceof WorkflowHasIssuesError) return { items: [], error };
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- an engine failure, not a node's
		throw error;
	}
	const thrown = lastThrown;
	lastThrown = undefined;

	const task = run.data.resultData.runData[nodeName]?.[0];
	const items = task?.data?.main?.[0] ?? [];
	const stored = task?.error ?? run.data.resultData.error;
	if (!stored) return { items };
	return {
		items,
		error: thrown instanceof Error ? thrown : errorFromTask(stored as unknown as IDataObject),
	};
}

// ---------------------------------------------------------------------------------------------
// executeContext: a real ExecuteContext of the Cloudlock node, for calling transport code directly

export function executeContext(options: {
	credentials?: TestCredentials;
	parameters?: IDataObject;
	continueOnFail?: boolean;
	timezone?: string;
}): IExecuteFunctions {
	const node: INode = {
		id: 'cloudlock-node',
		name: 'Cisco Cloudlock',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: (options.parameters ?? {}) as INode['parameters'],
		...credentialField(options.credentials),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { timezone: options.timezone ?? 'UTC', executionOrder: 'v1' },
	});
	const items = [{ json: {} }];
	const runExecutionData = createRunExecutionData({});
	return new ExecuteContext(
		workflow,
		node,
		buildAdditionalData(options.credentials),
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: null },
		[],
	);
}

// ---------------------------------------------------------------------------------------------
// runPoll

export interface RunPollOptions {
	parameters: IDataObject;
	/** Owned by the caller; plays the stored node static data between polls (see the header). */
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
	credentials?: TestCredentials;
	timezone?: string;
	pollBudgetMs?: number;
	staticDataScope?: 'live' | 'staged';
	nodeName?: string;
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function replaceContents(target: IDataObject, source: IDataObject) {
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, source);
}

export async function runPoll(options: RunPollOptions): Promise<INodeExecutionData[][] | null> {
	const mode = options.mode ?? 'trigger';
	const nodeName = options.nodeName ?? 'Cisco Cloudlock Trigger';
	const node: INode = {
		id: 'trigger-node',
		name: nodeName,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		...credentialField(options.credentials),
	};
	const live = mode === 'trigger' && (options.staticDataScope ?? 'live') === 'live';
	const staged = mode === 'trigger' && !live;
	const bucket = live ? options.staticData : clone(options.staticData);
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Cloudlock trigger test',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes,
		staticData: { [`node:${nodeName}`]: bucket },
		settings: { timezone: options.timezone ?? 'UTC', executionOrder: 'v1' },
	});

	let snapshot: IDataObject | undefined;
	let emitted: INodeExecutionData[][] | null = null;
	const commitStaged = () => {
		if (staged && snapshot) replaceContents(options.staticData, clone(snapshot));
	};
	const context = new PollContext(
		workflow,
		node,
		buildAdditionalData(options.credentials),
		mode,
		mode === 'manual' ? 'manual' : 'activate',
		(data) => {
			emitted = data;
			commitStaged();
		},
		(error) => {
			throw error;
		},
		async () => commitStaged(),
		async (poll) => {
			if (staged) snapshot = clone(options.staticData);
			return await poll();
		},
		staged ? () => snapshot! : undefined,
		options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs!,
	);

	const trigger = nodeTypes.getByNameAndVersion(TRIGGER_TYPE);
	// As PollTriggerExecutor: one staging scope per tick; items go out through __emit (which
	// commits a staged cursor with the execution), an empty tick commits through __commitCursor.
	// A manual test run is WorkflowExecute.executePollNode: poll() and nothing else.
	if (mode === 'manual')
		return await workflow.expression.withIsolate(async () => await trigger.poll!.call(context));
	await context.__runPoll(async () => {
		await workflow.expression.withIsolate(async () => {
			const result = await trigger.poll!.call(context);
			if (result !== null) {
				context.__emit(result);
			} else {
				await context.__commitCursor();
			}
		});
	});
	return emitted;
}

// ---------------------------------------------------------------------------------------------
// runLoadOptions

export async function runLoadOptions(
	method: string,
	options: { parameters?: IDataObject; credentials?: TestCredentials; path?: string },
): Promise<INodePropertyOptions[]> {
	const node: INode = {
		id: 'cloudlock-node',
		name: 'Cisco Cloudlock',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: (options.parameters ?? {}) as INode['parameters'],
		...credentialField(options.credentials),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { timezone: 'UTC', executionOrder: 'v1' },
	});
	const additionalData = buildAdditionalData(options.credentials);
	additionalData.currentNodeParameters = node.parameters;
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalData,
		options.path ?? `parameters.${method}`,
	);
	const loader = (
		new CiscoCloudlock().methods.loadOptions as Record<
			string,
			(this: LoadOptionsContext) => Promise<INodePropertyOptions[]>
		>
	)[method];
	if (!loader) throw new UnexpectedError(`The node has no loadOptions method "${method}"`);
	return await workflow.expression.withIsolate(async () => await loader.call(context));
}
