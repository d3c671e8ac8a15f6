import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { normalizeBaseUrl } from '../helpers/baseUrl';
import { cloudlockError, redact } from './errors';
import type { FailureDetails } from './errors';
import { transportSettings } from './settings';

export const CREDENTIAL_TYPE = 'ciscoCloudlockApi';

export type CloudlockContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below `/api/v2`, e.g. `/incidents` or `/ip/suspicious/6yj3gQxaqo`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** Told about every 429 seen, so callers running requests in parallel can slow down. */
	onRateLimit?: () => void;
}

interface ResolvedCredential {
	baseUrl: string;
	secrets: string[];
}

const credentialCache = new WeakMap<object, Promise<ResolvedCredential>>();

async function resolveCredential(
	ctx: CloudlockContext,
	itemIndex?: number,
): Promise<ResolvedCredential> {
	let pending = credentialCache.get(ctx);
	if (!pending) {
		pending = (async () => {
			const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
			const token = String(credentials.accessToken ?? '');
			try {
				return { baseUrl: normalizeBaseUrl(credentials.baseUrl), secrets: [token] };
			} catch (error) {
				throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
					itemIndex,
					description: 'Fix the Base URL in the Cisco Cloudlock API credential.',
				});
			}
		})();
		credentialCache.set(ctx, pending);
		pending.catch(() => credentialCache.delete(ctx));
	}
	return await pending;
}

interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? String(value[0]) : String(value);
}

/** Milliseconds to wait before the next attempt: Retry-After when sent (seconds or HTTP date), else backoff. */
export function retryDelayMs(attempt: number, retryAfter?: string, now = Date.now()): number {
	const { baseDelayMs, maxDelayMs } = transportSettings;
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		const asked = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
		if (Number.isFinite(asked)) return Math.min(maxDelayMs, Math.max(0, asked));
	}
	const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function classifyNetworkError(error: unknown): Pick<FailureDetails, 'kind' | 'networkCode'> {
	const e = error as {
		code?: string;
		cause?: { code?: string };
		message?: string;
		context?: IDataObject;
	};
	const code = String(e?.code ?? e?.cause?.code ?? '').toUpperCase();
	const message = String(e?.message ?? '').toLowerCase();
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || message.includes('timeout')) {
		return { kind: 'timeout', networkCode: code || 'TIMEOUT' };
	}
	if (
		code === 'ECONNRESET' ||
		code === 'EPIPE' ||
		message.includes('socket hang up') ||
		message.includes('econnreset')
	) {
		return { kind: 'reset', networkCode: code || 'ECONNRESET' };
	}
	return { kind: 'network', networkCode: code || undefined };
}

function serverMessageOf(body: unknown): string | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const message = (body as IDataObject).message ?? (body as IDataObject).error;
		if (typeof message === 'string' && message.trim()) return message.trim();
	}
	return undefined;
}

function excerpt(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * One call to the Cloudlock API through the credential: JSON in and out, a timeout, retries on
 * 429/502/503/504 and connection resets (a POST only on 429, so nothing is created twice), and
 * errors an analyst can act on. Returns the parsed body (`undefined` for an empty one).
 */
export async function apiRequest(this: CloudlockContext, req: ApiRequest): Promise<unknown> {
	const { baseUrl, secrets } = await resolveCredential(this, req.itemIndex);
	const node = this.getNode();
	const isPost = req.method === 'POST';
	const maxAttempts = transportSettings.maxRetries + 1;

	for (let attempt = 1; ; attempt++) {
		const options: IHttpRequestOptions = {
			method: req.method,
			url: `${baseUrl}${req.path}`,
			qs: req.qs,
			body: req.body,
			json: true,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: transportSettings.timeoutMs,
			// n8n copies the Authorization header to any host a redirect names unless told not to.
			sendCredentialsOnCrossOriginRedirect: false,
			headers: req.body ? { 'Content-Type': 'application/json' } : undefined,
		};
		if (req.body) options.body = JSON.stringify(req.body) as unknown as IDataObject;
		const base: FailureDetails = {
			method: req.method,
			path: req.path,
			itemIndex: req.itemIndex,
			attempts: attempt,
		};

		let response: RawResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as RawResponse;
		} catch (error) {
			const network = classifyNetworkError(error);
			if (network.kind === 'reset' && !isPost && attempt < maxAttempts) {
				await sleep(retryDelayMs(attempt));
				continue;
			}
			throw cloudlockError(node, { ...base, ...network }, secrets);
		}

		const status = Number(response.statusCode);
		const contentType = header(response.headers, 'content-type') ?? '';
		const text =
			typeof response.body === 'string'
				? response.body
				: response.body === undefined || response.body === null
					? ''
					: JSON.stringify(response.body);
		let parsed: unknown;
		let parseFailed = false;
		if (text.trim() !== '') {
			try {
				parsed = JSON.parse(text);
			} catch {
				parseFailed = true;
			}
		}

		if (status >= 200 && status < 300) {
			if (parseFailed || /text\/html/i.test(contentType)) {
				throw cloudlockError(
					node,
					{
						...base,
						kind: 'nonJson',
						status,
						contentType,
						serverMessage: excerpt(redact(text, secrets)),
					},
					secrets,
				);
			}
			return parsed;
		}

		if (status === 429) req.onRateLimit?.();
		const retryable = RETRYABLE_STATUS.has(status) && (!isPost || status === 429);
		if (retryable && attempt < maxAttempts) {
			await sleep(retryDelayMs(attempt, header(response.headers, 'retry-after')));
			continue;
		}
		const serverMessage = parseFailed ? excerpt(text) : serverMessageOf(parsed);
		throw cloudlockError(node, { ...base, status, serverMessage, contentType }, secrets);
	}
}
