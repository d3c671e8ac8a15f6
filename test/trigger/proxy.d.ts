export interface ProxiedRequest {
	/** 1-based count of requests the proxy received */
	index: number;
	method: string;
	/** e.g. '/api/v2/incidents' */
	path: string;
	query: Record<string, string>;
}

export interface ProxyHooks {
	/** Runs before the request is forwarded (change the simulator between two pages). */
	before?(request: ProxiedRequest): void | Promise<void>;
	/** Rewrites a JSON answer (e.g. reverse the items of a page). */
	transform?(request: ProxiedRequest, body: unknown): unknown;
}

export interface Proxy {
	origin: string;
	/** The target's base URL path on the proxy, e.g. 'http://127.0.0.1:1234/api/v2' */
	baseUrl: string;
	readonly count: number;
	close(): Promise<void>;
}

export function startProxy(target: string, hooks?: ProxyHooks): Promise<Proxy>;
