export interface ScriptedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface ScriptedAnswer {
	status?: number;
	headers?: Record<string, string>;
	/** An object is sent as JSON; a string verbatim; undefined sends an empty body. */
	body?: unknown;
}

export interface ScriptedServer {
	origin: string;
	/** origin + '/api/v2' */
	baseUrl: string;
	requests: ScriptedRequest[];
	close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers what `handler` returns (default 200 `{items: []}`). */
export function startScripted(
	handler: (request: ScriptedRequest, count: number) => ScriptedAnswer | undefined,
): Promise<ScriptedServer>;
