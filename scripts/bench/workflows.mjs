// The workflows the benchmark runs, as n8n workflow JSON (what the editor would save). Every
// workflow starts with a `bench.start` node that hands the input items on, like a Manual Trigger.
const CLOUDLOCK = 'n8n-nodes-cisco-cloudlock.ciscoCloudlock';
const CREDENTIAL = { ciscoCloudlockApi: { id: '1', name: 'Cloudlock' } };

let nextId = 1;
function node(name, type, typeVersion, parameters, extra = {}) {
	const id = `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`;
	return { id, name, type, typeVersion, position: [nextId * 200, 0], parameters, ...extra };
}

const start = () => node('Start', 'bench.start', 1, {});
const link = (to, index = 0) => ({ node: to, type: 'main', index });
const chain = (...names) =>
	Object.fromEntries(names.slice(0, -1).map((from, i) => [from, { main: [[link(names[i + 1])]] }]));

/**
 * The HTTP Request node (v4.5, the version the editor adds in 2.40.7) with the predefined
 * "Cisco Cloudlock API" credential, so both sides authenticate through the same credential.
 */
function httpRequest(name, parameters, extra) {
	return node(
		name,
		'n8n-nodes-base.httpRequest',
		4.5,
		{
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'ciscoCloudlockApi',
			...parameters,
		},
		{ credentials: CREDENTIAL, ...extra },
	);
}

/** Cisco Cloudlock → Incident → Get Many, Return All. */
export function nodeReturnAll({ concurrency } = {}) {
	const options = concurrency ? { maxConcurrency: concurrency } : {};
	return {
		nodes: [
			start(),
			node(
				'Cloudlock',
				CLOUDLOCK,
				1,
				{ resource: 'incident', operation: 'getAll', returnAll: true, options },
				{ credentials: CREDENTIAL },
			),
		],
		connections: chain('Start', 'Cloudlock'),
	};
}

/**
 * HTTP Request with its built-in pagination as a user sets it up for this API: limit=100,
 * offset {{ $pageCount * 100 }}, complete when a page has fewer than 100 items; then Split Out.
 */
export function httpReturnAll(baseUrl) {
	return {
		nodes: [
			start(),
			httpRequest('HTTP Request', {
				url: `${baseUrl}/incidents`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: {
								parameters: [{ type: 'qs', name: 'offset', value: '={{ $pageCount * 100 }}' }],
							},
							paginationCompleteWhen: 'other',
							completeExpression: '={{ $response.body.items.length < 100 }}',
						},
					},
				},
			}),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'items', options: {} }),
		],
		connections: chain('Start', 'HTTP Request', 'Split Out'),
	};
}

/** Cisco Cloudlock → IP Library → Add IPs (Suspicious), addresses from each item's `ips`. */
export function nodeAddIps({ concurrency } = {}) {
	const options = concurrency ? { maxConcurrency: concurrency } : {};
	return {
		nodes: [
			start(),
			node(
				'Cloudlock',
				CLOUDLOCK,
				1,
				{
					resource: 'ipLibrary',
					operation: 'addIps',
					library: 'suspicious',
					ips: '={{ $json.ips }}',
					options,
				},
				{ credentials: CREDENTIAL },
			),
		],
		connections: chain('Start', 'Cloudlock'),
	};
}

const NOT_FOUND = {
	conditions: {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 3 },
		conditions: [
			{
				id: 'c0000000-0000-4000-8000-000000000001',
				leftValue: '={{ $json.items.length }}',
				rightValue: 0,
				operator: { type: 'number', operation: 'equals' },
			},
		],
		combinator: 'and',
	},
	options: {},
};

function searchIp(name, baseUrl, ipExpression) {
	return httpRequest(name, {
		url: `${baseUrl}/ip/suspicious`,
		sendQuery: true,
		queryParameters: { parameters: [{ name: 'q', value: ipExpression }] },
		options: {},
	});
}

function postIp(name, baseUrl, ipExpression) {
	return httpRequest(name, {
		method: 'POST',
		url: `${baseUrl}/ip/suspicious`,
		sendBody: true,
		bodyParameters: { parameters: [{ name: 'ip_address', value: ipExpression }] },
		options: {},
	});
}

/**
 * The per-IP workflow on plain items: one item per IP → HTTP GET ?q=<ip> → If no entry →
 * HTTP POST. n8n's HTTP Request node sends the requests of all its input items at once.
 * (Every address in the benchmark has the same length, so the substring search `q` only
 * matches the address itself and "no items" means "not in the library".)
 */
export function httpPerIpItems(baseUrl) {
	const ip = "={{ $('Start').item.json.ip }}";
	return {
		nodes: [
			start(),
			searchIp('Search IP', baseUrl, ip),
			node('Not Found', 'n8n-nodes-base.if', 2.3, NOT_FOUND),
			postIp('Add IP', baseUrl, ip),
		],
		connections: {
			Start: { main: [[link('Search IP')]] },
			'Search IP': { main: [[link('Not Found')]] },
			'Not Found': { main: [[link('Add IP')], []] },
		},
	};
}

/**
 * The same as a loop (Loop Over Items, batch size 1): for each IP, GET ?q=<ip>, If no entry →
 * POST, back to the loop. One request at a time, as users build it to stay under rate limits.
 */
export function httpPerIpLoop(baseUrl) {
	const ip = "={{ $('Loop Over Items').item.json.ip }}";
	return {
		nodes: [
			start(),
			node('Loop Over Items', 'n8n-nodes-base.splitInBatches', 3, { batchSize: 1, options: {} }),
			searchIp('Search IP', baseUrl, ip),
			node('Not Found', 'n8n-nodes-base.if', 2.3, NOT_FOUND),
			postIp('Add IP', baseUrl, ip),
		],
		connections: {
			Start: { main: [[link('Loop Over Items')]] },
			'Loop Over Items': { main: [[], [link('Search IP')]] },
			'Search IP': { main: [[link('Not Found')]] },
			'Not Found': { main: [[link('Add IP')], [link('Loop Over Items')]] },
			'Add IP': { main: [[link('Loop Over Items')]] },
		},
	};
}

/** A small run of the same nodes before the measured one (module loading, JIT, sockets). */
export function warmUp(baseUrl) {
	return {
		nodes: [
			start(),
			node(
				'Cloudlock',
				CLOUDLOCK,
				1,
				{ resource: 'incident', operation: 'getAll', returnAll: false, limit: 5, options: {} },
				{ credentials: CREDENTIAL },
			),
			httpRequest('HTTP Request', {
				url: `${baseUrl}/incidents`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'limit', value: '5' }] },
				options: {},
			}),
			node('Not Found', 'n8n-nodes-base.if', 2.3, NOT_FOUND),
		],
		connections: chain('Start', 'Cloudlock', 'HTTP Request', 'Not Found'),
	};
}
