'use strict';
// Tiny HTTP servers for adversarial tests: one that answers whatever a test scripts (status,
// headers, body) and records every request with its headers. Node built-ins are off limits in
// .ts test files under the community lint rules, hence a small .js module.
const http = require('http');

async function startScripted(handler) {
	const requests = [];
	const sockets = new Set();
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url || '/', 'http://127.0.0.1');
			const info = {
				method: req.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(info);
			const answer = handler(info, requests.length) || { status: 200, body: { items: [] } };
			const body =
				answer.body === undefined
					? ''
					: typeof answer.body === 'string'
						? answer.body
						: JSON.stringify(answer.body);
			const headers = { 'Content-Type': 'application/json', ...(answer.headers || {}) };
			res.writeHead(answer.status || 200, headers);
			res.end(body);
		});
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		origin: `http://127.0.0.1:${port}`,
		baseUrl: `http://127.0.0.1:${port}/api/v2`,
		requests,
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startScripted };
