// The benchmark's n8n engine: runs workflows with n8n-core's real WorkflowExecute and polls with
// its real PollContext, in this process, the way test/helpers/engine.ts does for the tests, but
// with the n8n-core / n8n-workflow / n8n-nodes-base of the real n8n 2.40.7 install
// (.cache/n8n-runtime) and under its Node 24, so the HTTP Request, If, Split Out and Loop Over
// Items nodes are n8n's own and expressions run in n8n's default "vm" expression engine
// (isolated-vm), as in `n8n start`. Runs only inside scripts/bench/worker.mjs.
import { createRequire } from 'node:module';
import path from 'node:path';

/** Loads n8n's modules and the package build; returns the engine API. */
export async function createEngine({ n8nDir, buildDir, expressionEngine = 'vm' }) {
	const n8nRequire = createRequire(path.join(n8nDir, 'package.json'));
	const buildRequire = createRequire(path.join(buildDir, 'package.json'));
	const workflowLib = n8nRequire('n8n-workflow');
	const core = n8nRequire('n8n-core');
	const {
		createRunExecutionData,
		ICredentialsHelper,
		isExpression,
		NodeConnectionTypes,
		NodeHelpers,
		UnexpectedError,
		Workflow,
		Expression,
	} = workflowLib;
	const { ExecutionLifecycleHooks, ExternalSecretsProxy, PollContext, WorkflowExecute } = core;

	// The package must share n8n's n8n-workflow (as a community package inside n8n does), or
	// n8n-core would not recognise its NodeApiError / NodeOperationError instances.
	const ours = buildRequire.resolve('n8n-workflow');
	const theirs = n8nRequire.resolve('n8n-workflow');
	if (ours !== theirs) {
		throw new Error(`the package build resolves n8n-workflow to ${ours}, n8n uses ${theirs}`);
	}

	if (expressionEngine === 'vm') {
		// n8n 2.40.7's defaults (@n8n/config ExpressionEngineConfig), as BaseCommand.init applies them.
		await Expression.initExpressionEngine({
			engine: 'vm',
			poolSize: 1,
			maxCodeCacheSize: 1024,
			bridgeTimeout: 5000,
			bridgeMemoryLimit: 128,
			lazyAcquire: false,
			compileCache: false,
		});
	} else {
		Expression.setExpressionEngine('legacy');
	}

	const base = (rel) => n8nRequire(`n8n-nodes-base/dist/${rel}`);
	const { CiscoCloudlock } = buildRequire('./nodes/CiscoCloudlock/CiscoCloudlock.node.js');
	const { CiscoCloudlockTrigger } = buildRequire(
		'./nodes/CiscoCloudlockTrigger/CiscoCloudlockTrigger.node.js',
	);
	const { CiscoCloudlockApi } = buildRequire('./credentials/CiscoCloudlockApi.credentials.js');
	const { transportSettings } = buildRequire('./nodes/CiscoCloudlock/transport/settings.js');

	class StartNode {
		description = {
			displayName: 'Start',
			name: 'start',
			group: ['input'],
			version: 1,
			description: 'Feeds the benchmark input into the workflow',
			defaults: { name: 'Start' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		};

		async execute() {
			return [this.getInputData()];
		}
	}

	const registry = {
		'bench.start': new StartNode(),
		'n8n-nodes-cisco-cloudlock.ciscoCloudlock': new CiscoCloudlock(),
		'n8n-nodes-cisco-cloudlock.ciscoCloudlockTrigger': new CiscoCloudlockTrigger(),
		'n8n-nodes-base.httpRequest': new (base('nodes/HttpRequest/HttpRequest.node.js').HttpRequest)(),
		'n8n-nodes-base.if': new (base('nodes/If/If.node.js').If)(),
		'n8n-nodes-base.splitOut': new (base('nodes/Transform/SplitOut/SplitOut.node.js').SplitOut)(),
		'n8n-nodes-base.splitInBatches': new (base(
			'nodes/SplitInBatches/SplitInBatches.node.js',
		).SplitInBatches)(),
		'n8n-nodes-base.noOp': new (base('nodes/NoOp/NoOp.node.js').NoOp)(),
	};
	const nodeTypes = {
		getByName(type) {
			return this.getByNameAndVersion(type);
		},
		getByNameAndVersion(type, version) {
			const nodeType = registry[type];
			if (!nodeType) throw new UnexpectedError(`Unknown node type "${type}" in the benchmark`);
			return NodeHelpers.getVersionedNodeType(nodeType, version);
		},
		getKnownTypes() {
			return {};
		},
	};

	const credentialTypes = { ciscoCloudlockApi: new CiscoCloudlockApi() };

	/** n8n's CredentialsHelper, reduced to what a node run touches (as test/helpers/engine.ts). */
	class BenchCredentialsHelper extends ICredentialsHelper {
		constructor(data) {
			super();
			this.data = data;
		}

		getParentTypes() {
			return [];
		}

		isCredentialUsableByNode() {
			return true;
		}

		async authenticate(credentials, typeName, requestOptions, workflow, node) {
			const { authenticate } = credentialTypes[typeName];
			if (!authenticate) return requestOptions;
			if (typeof authenticate === 'function')
				return await authenticate(credentials, requestOptions);
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			const resolve = (value) => {
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
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue)) {
					if (!requestOptions[outerKey]) requestOptions[outerKey] = {};
					requestOptions[outerKey][resolve(key)] = resolve(value);
				}
			}
			return requestOptions;
		}

		async preAuthentication() {
			return undefined;
		}

		async runPreAuthentication() {
			return undefined;
		}

		async getCredentials() {
			throw new UnexpectedError('The benchmark does not load stored credentials');
		}

		async getDecrypted(_additionalData, nodeCredentials, type) {
			const data = this.data[type];
			if (!data) throw new UnexpectedError(`No "${type}" credential in the benchmark`);
			return { ...data };
		}

		async updateCredentials() {}

		async updateCredentialsOauthTokenData() {}

		getCredentialsProperties(type) {
			return credentialTypes[type].properties;
		}
	}

	const notAvailable = (what) => () => {
		throw new UnexpectedError(`${what} is not available in the benchmark`);
	};

	function additionalData(credentials, hooks) {
		const url = 'http://localhost:5678';
		return {
			credentialsHelper: new BenchCredentialsHelper({ ciscoCloudlockApi: { ...credentials } }),
			hooks,
			externalSecretsProxy: new ExternalSecretsProxy(),
			executeWorkflow: notAvailable('executeWorkflow'),
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			startRunnerTask: notAvailable('startRunnerTask'),
			logAiEvent: () => {},
			currentNodeExecutionIndex: 0,
			executionId: '1',
			workflowId: 'bench-workflow',
			userId: 'bench-user',
			variables: {},
			restApiUrl: `${url}/rest`,
			instanceBaseUrl: `${url}/`,
			formBaseUrl: `${url}/form`,
			formWaitingBaseUrl: `${url}/form-waiting`,
			formTestBaseUrl: `${url}/form-test`,
			webhookBaseUrl: `${url}/webhook`,
			webhookWaitingBaseUrl: `${url}/webhook-waiting`,
			webhookTestBaseUrl: `${url}/webhook-test`,
			mcpBaseUrl: `${url}/mcp`,
			mcpTestBaseUrl: `${url}/mcp-test`,
		};
	}

	/**
	 * Runs `{ nodes, connections }` (n8n workflow JSON; the first node must be a `bench.start`
	 * node, fed `input`) with WorkflowExecute in 'manual' mode, like `n8n execute`.
	 * → `{ ms, run }`: wall time of processRunExecutionData and n8n's IRun.
	 */
	async function runWorkflow({ nodes, connections, input = [{}], credentials }) {
		const workflow = new Workflow({
			id: 'bench-workflow',
			name: 'Cloudlock benchmark',
			nodes,
			connections,
			active: false,
			nodeTypes,
			settings: { timezone: 'UTC', executionOrder: 'v1' },
		});
		const hooks = new ExecutionLifecycleHooks('manual', '1', {
			id: workflow.id,
			name: workflow.name,
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes,
			connections,
		});
		const start = nodes[0];
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{ node: start, data: { main: [input.map((json) => ({ json }))] }, source: null },
				],
			},
		});
		const t0 = performance.now();
		const run = await new WorkflowExecute(
			additionalData(credentials, hooks),
			'manual',
			runExecutionData,
		).processRunExecutionData(workflow);
		return { ms: performance.now() - t0, run };
	}

	/**
	 * One poll of the trigger as n8n's PollTriggerExecutor runs a tick of an active workflow
	 * (test/helpers/engine.ts runPoll, live static data). → `{ ms, items }`.
	 */
	async function runPoll({ parameters, staticData, credentials, nodeName = 'Trigger' }) {
		const node = {
			id: 'trigger-node',
			name: nodeName,
			type: 'n8n-nodes-cisco-cloudlock.ciscoCloudlockTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { ciscoCloudlockApi: { id: '1', name: 'Cloudlock' } },
		};
		const workflow = new Workflow({
			id: 'bench-workflow',
			name: 'Cloudlock trigger benchmark',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: { [`node:${nodeName}`]: staticData },
			settings: { timezone: 'UTC', executionOrder: 'v1' },
		});
		let emitted = null;
		const context = new PollContext(
			workflow,
			node,
			additionalData(credentials),
			'trigger',
			'activate',
			(data) => {
				emitted = data;
			},
			(error) => {
				throw error;
			},
			async () => {},
			async (poll) => await poll(),
		);
		const trigger = nodeTypes.getByNameAndVersion(node.type, 1);
		const t0 = performance.now();
		await context.__runPoll(async () => {
			await workflow.expression.withIsolate(async () => {
				const result = await trigger.poll.call(context);
				if (result !== null) context.__emit(result);
				else await context.__commitCursor();
			});
		});
		return { ms: performance.now() - t0, items: emitted?.[0] ?? [] };
	}

	return { runWorkflow, runPoll, transportSettings };
}
