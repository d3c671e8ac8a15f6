import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export interface FailureDetails {
	method: string;
	path: string;
	status?: number;
	/** Cloudlock's own `{"message": ...}` text, or a short excerpt of a non-JSON body. */
	serverMessage?: string;
	/** A transport-level failure: 'timeout', 'reset', 'nonJson', 'rateLimited'. */
	kind?: 'timeout' | 'reset' | 'nonJson' | 'rateLimited' | 'network';
	attempts?: number;
	contentType?: string;
	networkCode?: string;
	itemIndex?: number;
}

const BEARER = /Bearer\s+[^\s"',]+/gi;

/** Removes anything that looks like a bearer token, and the token itself when known. */
export function redact(text: string, secrets: string[] = []): string {
	let out = text.replace(BEARER, 'Bearer [redacted]');
	for (const secret of secrets) {
		// Case-insensitive: a server may echo the token upper- or lower-cased.
		if (secret && secret.length >= 4) {
			out = out.replace(
				new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'),
				'[redacted]',
			);
		}
	}
	return out;
}

function credentialLabel(node: INode): string {
	const name = node.credentials?.ciscoCloudlockApi?.name;
	return name ? `the "${name}" credential` : 'the Cisco Cloudlock API credential';
}

function withServerText(base: string, serverMessage?: string): string {
	return serverMessage ? `${base}: ${serverMessage}` : base;
}

/** The analyst-facing sentence for a failed call. Never contains request headers. */
export function describeFailure(
	node: INode,
	f: FailureDetails,
): { message: string; description: string } {
	const where = `${f.method} ${f.path}`;
	const tries = f.attempts && f.attempts > 1 ? ` after ${f.attempts} attempts` : '';
	switch (f.kind) {
		case 'timeout':
			return {
				message: `Cloudlock did not answer in time${tries} (${where})`,
				description:
					'The request timed out. Cloudlock may be slow or unreachable from this n8n host; try again later or narrow the filters.',
			};
		case 'reset':
		case 'network':
			return {
				message: `The connection to Cloudlock failed${tries} (${where})`,
				description:
					`Network error ${f.networkCode ?? ''}`.trim() +
					'. Check that this n8n host can reach the Base URL in ' +
					credentialLabel(node) +
					'.',
			};
		case 'nonJson':
			return {
				message: `Cloudlock answered with something that is not JSON (HTTP ${f.status ?? '?'}, ${
					f.contentType || 'no content type'
				}) for ${where}`,
				description: `Check the Base URL in ${credentialLabel(node)}: it must be the API URL Cloudlock support gave your tenant, ending in /api/v2.${
					f.serverMessage ? ` The response began with: ${f.serverMessage}` : ''
				}`,
			};
		default:
			break;
	}
	const status = f.status ?? 0;
	if (status === 400)
		return {
			message: withServerText(
				`Cloudlock rejected the request as invalid (HTTP 400, ${where})`,
				f.serverMessage,
			),
			description: 'Check the values of the parameters this item sends.',
		};
	if (status === 401)
		return {
			message: `The access token was rejected (HTTP 401). Check the Access Token in ${credentialLabel(node)}`,
			description:
				'Generate a new token in Cloudlock under Settings → Authentication & API and paste it into the credential.' +
				(f.serverMessage ? ` Cloudlock said: ${f.serverMessage}` : ''),
		};
	if (status === 403)
		return {
			message: withServerText(`Cloudlock refused access (HTTP 403, ${where})`, f.serverMessage),
			description:
				'The token may lack permission, the tenant may not license this feature (for example Entities needs the Entity Cache feature), or this n8n host’s IP is not allowed under Settings → Authentication & API.',
		};
	if (status === 404)
		return {
			message: withServerText(`Not found in Cloudlock (HTTP 404, ${where})`, f.serverMessage),
			description:
				'Check the ID, and that the Base URL in the credential points at the tenant’s API.',
		};
	if (status === 429)
		return {
			message: `Cloudlock's rate limit was hit (HTTP 429) and the request still failed${tries} (${where})`,
			description:
				'Cloudlock limits requests per endpoint by licence. Lower "Max Concurrent Requests" in the node options, run the workflow less often, or enable Retry On Fail in the node settings.' +
				(f.serverMessage ? ` Cloudlock said: ${f.serverMessage}` : ''),
		};
	if (status >= 500)
		return {
			message: withServerText(
				`Cloudlock had a server error (HTTP ${status}, ${where})${tries}`,
				f.serverMessage,
			),
			description: 'This is on Cloudlock’s side; try again later.',
		};
	return {
		message: withServerText(`Cloudlock answered HTTP ${status} (${where})`, f.serverMessage),
		description: 'Unexpected response from Cloudlock.',
	};
}

export function cloudlockError(
	node: INode,
	f: FailureDetails,
	secrets: string[] = [],
): NodeApiError {
	const { message, description } = describeFailure(node, f);
	const safeMessage = redact(message, secrets);
	const safeDescription = redact(description, secrets);
	const response: JsonObject = {
		message: safeMessage,
		httpCode: f.status ? String(f.status) : null,
		request: `${f.method} ${f.path}`,
		cloudlockMessage: f.serverMessage ? redact(f.serverMessage, secrets) : null,
	};
	return new NodeApiError(node, response, {
		message: safeMessage,
		description: safeDescription,
		httpCode: f.status ? String(f.status) : undefined,
		itemIndex: f.itemIndex,
	});
}
