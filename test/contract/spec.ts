/**
 * Reads Cisco's OpenAPI file into a small table of operations and checks recorded simulator
 * requests against it, allowing only the deviations listed in exceptions.ts.
 */
import type { RecordedRequest } from '../simulator/server';
import type { ContractException } from './exceptions';
import { loadOpenApi } from './reference';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface OpenApiParameter {
	name: string;
	in: string;
	required?: boolean;
	$ref?: string;
}

interface OpenApiOperation {
	parameters?: OpenApiParameter[];
	requestBody?: {
		content?: Record<string, { schema?: { properties?: Record<string, { type?: string }> } }>;
	};
}

interface OpenApiDocument {
	paths: Record<string, Record<string, OpenApiOperation>>;
	components: { parameters: Record<string, OpenApiParameter> };
}

export interface SpecOperation {
	method: string;
	/** OpenAPI path template, e.g. '/incidents/{id}' */
	template: string;
	/** query parameter name → required */
	query: Map<string, boolean>;
	/** JSON body property name → declared type; null when the operation declares no JSON body */
	body: Map<string, string | undefined> | null;
}

/** One request as the contract sees it: path below /api/v2, the query and body keys. */
export interface CapturedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	contentType: string;
}

export function loadSpecOperations(): SpecOperation[] {
	const doc = loadOpenApi() as OpenApiDocument;
	const resolve = (p: OpenApiParameter): OpenApiParameter =>
		p.$ref ? doc.components.parameters[p.$ref.replace('#/components/parameters/', '')] : p;
	const operations: SpecOperation[] = [];
	for (const [template, item] of Object.entries(doc.paths)) {
		for (const method of METHODS) {
			const op = item[method];
			if (!op) continue;
			const query = new Map<string, boolean>();
			for (const p of (op.parameters ?? []).map(resolve)) {
				if (p.in === 'query') query.set(p.name, p.required === true);
			}
			const json = op.requestBody?.content?.['application/json']?.schema;
			operations.push({
				method: method.toUpperCase(),
				template,
				query,
				body: json
					? new Map(Object.entries(json.properties ?? {}).map(([k, v]) => [k, v.type]))
					: null,
			});
		}
	}
	return operations;
}

/** '{name}' in a template matches exactly one non-empty path segment. */
export function templateMatches(template: string, path: string): boolean {
	const want = template.split('/');
	const got = path.split('/');
	return (
		want.length === got.length &&
		want.every((part, i) => (/^\{[^}]+\}$/.test(part) ? got[i] !== '' : part === got[i]))
	);
}

export function captured(requests: RecordedRequest[]): CapturedRequest[] {
	return requests.map((r) => ({
		method: r.method,
		path: r.path.replace(/^\/api\/v2/, ''),
		query: r.query,
		body: r.body,
		contentType: r.headers['content-type'] ?? '',
	}));
}

export function bodyKeys(body: unknown): string[] {
	if (body === undefined || body === null || body === '') return [];
	if (typeof body !== 'object' || Array.isArray(body)) return ['<not a JSON object>'];
	return Object.keys(body).sort();
}

/** JSON Schema type name of a JSON value ('integer' for whole numbers). */
export function jsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

/** Identifies one allowance of one exception, for the stale check: "<index>:<kind>:<key>". */
export type ExceptionUse = string;

export function exceptionAllowances(exceptions: ContractException[]): ExceptionUse[] {
	return exceptions.flatMap((e, i) => [
		...(e.operation ? [`${i}:operation:`] : []),
		...(e.query ?? []).map((k) => `${i}:query:${k}`),
		...(e.body ?? []).map((k) => `${i}:body:${k}`),
		...Object.keys(e.bodyTypes ?? {}).map((k) => `${i}:bodyType:${k}`),
	]);
}

export interface CheckResult {
	/** 'METHOD template' of the spec operation (or exception) the request matched */
	operation: string;
	violations: string[];
	used: ExceptionUse[];
}

export function checkRequest(
	request: CapturedRequest,
	operations: SpecOperation[],
	exceptions: ContractException[],
): CheckResult {
	const label = `${request.method} ${request.path}`;
	const violations: string[] = [];
	const used: ExceptionUse[] = [];
	const applicable = exceptions
		.map((e, i) => ({ e, i }))
		.filter(({ e }) => e.method === request.method && templateMatches(e.path, request.path));
	const allow = (kind: 'query' | 'body', key: string): boolean => {
		const hit = applicable.find(({ e }) => (e[kind] ?? []).includes(key));
		if (hit) used.push(`${hit.i}:${kind}:${key}`);
		return hit !== undefined;
	};

	const op = operations.find(
		(o) => o.method === request.method && templateMatches(o.template, request.path),
	);
	let operation: string;
	if (op) {
		operation = `${op.method} ${op.template}`;
	} else {
		const hit = applicable.find(({ e }) => e.operation);
		if (!hit) {
			return {
				operation: `${label} (not in the OpenAPI)`,
				violations: [`${label}: no such operation in the OpenAPI`],
				used,
			};
		}
		used.push(`${hit.i}:operation:`);
		operation = `${hit.e.method} ${hit.e.path}`;
	}

	for (const key of Object.keys(request.query).sort()) {
		if (op?.query.has(key) || allow('query', key)) continue;
		violations.push(`${label}: query parameter "${key}" is not in the OpenAPI`);
	}
	for (const [key, required] of op?.query ?? []) {
		if (required && !(key in request.query)) {
			violations.push(`${label}: required query parameter "${key}" is missing`);
		}
	}
	const keys = bodyKeys(request.body);
	for (const key of keys) {
		if (op?.body?.has(key)) {
			const declared = op.body.get(key);
			const sent = jsonType((request.body as Record<string, unknown>)[key]);
			if (!declared || declared === sent || (declared === 'number' && sent === 'integer')) continue;
			const typed = applicable.find(({ e }) => e.bodyTypes?.[key] === sent);
			if (typed) {
				used.push(`${typed.i}:bodyType:${key}`);
				continue;
			}
			violations.push(`${label}: body field "${key}" is ${sent}, the OpenAPI says ${declared}`);
			continue;
		}
		if (allow('body', key)) continue;
		violations.push(`${label}: body field "${key}" is not in the OpenAPI`);
	}
	if (keys.length && !request.contentType.startsWith('application/json')) {
		violations.push(`${label}: JSON body sent as "${request.contentType}"`);
	}
	return { operation, violations, used };
}
