/**
 * n8n's "Test" button for a credential, as n8n 2.40 runs it for a credential that declares a
 * `test` request: packages/cli/src/services/credentials-tester.service.ts (CredentialsTester
 * .testCredentials), request-rules branch. The request is the credential's `test.request`, placed
 * as the `routing.request` of a temporary property on a copy of the NoOp node type and executed by
 * n8n-core's RoutingNode in an ExecuteContext (so the base URL expression, qs and the credential's
 * `authenticate` are applied by n8n itself). Then the rules are applied exactly as there:
 * on a failed request, `responseCode` rules against the HTTP status, else any status outside 2xx
 * fails with the status text; without an HTTP response, the error code or message; on success,
 * `responseSuccessBody` rules compare lodash-get(body, key) with `value`.
 *
 * Left out: applyDefaultsAndOverwrites (tests pass complete data), secret redaction of
 * `$secrets.` expressions (not used), error reporting and logging.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialsDecrypted,
	ICredentialTestRequest,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRunExecutionData,
} from 'n8n-workflow';
import { NodeConnectionTypes, UnexpectedError, Workflow } from 'n8n-workflow';

import { CiscoCloudlockApi } from '../../credentials/CiscoCloudlockApi.credentials';
import { buildAdditionalData, CREDENTIAL_NAME, CREDENTIAL_REF } from './engine';
import type { TestCredentials } from './engine';

/** n8n-nodes-base.noOp as n8n's loader describes it (the type name gets the package prefix). */
const noOp: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'n8n-nodes-base.noOp',
		icon: 'fa:arrow-right',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
};

/** lodash `get` for the dotted keys a responseSuccessBody rule uses. */
function getPath(value: unknown, key: string): unknown {
	return key
		.split(/[.[\]]/)
		.filter(Boolean)
		.reduce<unknown>(
			(current, part) =>
				current !== null && current !== undefined
					? (current as Record<string, unknown>)[part]
					: undefined,
			value,
		);
}

interface ErrorWithCause {
	message: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

export async function testCredential(
	credentials: TestCredentials,
	testRequest: ICredentialTestRequest = new CiscoCloudlockApi().test,
): Promise<INodeCredentialTestResult> {
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: CREDENTIAL_REF.id!,
		name: CREDENTIAL_REF.name,
		type: CREDENTIAL_NAME,
		data: { ...credentials },
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: noOp.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [CREDENTIAL_NAME]: { id: CREDENTIAL_REF.id, name: CREDENTIAL_REF.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...noOp.description,
			credentials: [{ name: CREDENTIAL_NAME, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: (type: string) => {
			if (type !== nodeTypeCopy.description.name) throw new UnexpectedError('Unknown node type');
			return nodeTypeCopy;
		},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const inputData = { main: [[{ json: {} }]] };
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const context = new ExecuteContext(
		workflow,
		node,
		buildAdditionalData(),
		'internal',
		runExecutionData,
		0,
		[],
		inputData,
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as ErrorWithCause;
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response![0][0].json as IDataObject;
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
