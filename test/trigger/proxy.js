'use strict';
// A test hook in front of the simulator: forwards every request, can run code before a request
// is forwarded (to change the simulator between two pages of one poll) and can rewrite JSON
// answers (to serve a page out of order, field report F14). Node built-ins are off limits in .ts
// test files under the community lint rules, hence a small .js module.
const http = require('http');

async function startProxy(target, hooks = {}) {
	const upstream = new URL(target);
	let count = 0;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const index = ++count;
			const url = new URL(req.url || '/', upstream.origin);
			const info = {
				index,
				method: req.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
			};
			try {
				if (hooks.before) await hooks.before(info);
			} catch (error) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ message: `proxy hook failed: ${error && error.message}` }));
				return;
			}
			const forward = http.request(
				{
					hostname: upstream.hostname,
					port: upstream.port,
					method: req.method,
					path: req.url,
					headers: { ...req.headers, host: upstream.host },
				},
				(answer) => {
					const parts = [];
					answer.on('data', (c) => parts.push(c));
					answer.on('end', () => {
						let body = Buffer.concat(parts);
						const type = String(answer.headers['content-type'] || '');
						if (hooks.transform && type.includes('json') && body.length) {
							body = Buffer.from(
								JSON.stringify(hooks.transform(info, JSON.parse(body.toString('utf8')))),
								'utf8',
							);
						}
						const headers = { ...answer.headers, 'content-length': String(body.length) };
						delete headers['transfer-encoding'];
						res.writeHead(answer.statusCode || 502, headers);
						res.end(body);
					});
				},
			);
			forward.on('error', () => res.destroy());
			forward.end(Buffer.concat(chunks));
		});
	});
	server.keepAliveTimeout = 65000;
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${server.address().port}`;
	return {
		origin,
		baseUrl: `${origin}${upstream.pathname.replace(/\/$/, '')}`,
		get count() {
			return count;
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

module.exports = { startProxy };
