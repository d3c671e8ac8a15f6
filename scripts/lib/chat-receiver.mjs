// A tiny local "chat" server standing in for Slack in the demo and the e2e: the workflows' HTTP
// Request node posts `{ channel, text }` to it; every message is kept and reported.
import http from 'node:http';

/**
 * Starts the receiver on 127.0.0.1 → `{ url, messages, waitFor(predicate, timeoutMs), close() }`.
 * `url` is where to POST (any path works). `onMessage(message)` runs for each message
 * (`{ at, path, body }`, body parsed as JSON when possible).
 */
export function startChatReceiver({ onMessage = () => {}, port = 0 } = {}) {
	const messages = [];
	const waiters = new Set();
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (raw += d));
		req.on('end', () => {
			if (req.method !== 'POST') {
				res.writeHead(req.method === 'GET' ? 200 : 405, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ ok: req.method === 'GET', messages: messages.length }));
				return;
			}
			let body = raw;
			try {
				body = JSON.parse(raw);
			} catch {
				// keep the text
			}
			const message = { at: new Date().toISOString(), path: req.url, body };
			messages.push(message);
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ ok: true }));
			try {
				onMessage(message);
			} finally {
				for (const waiter of waiters) waiter();
			}
		});
	});
	const sockets = new Set();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});

	/** Resolves with the first message (from the start) matching `predicate`; rejects after timeoutMs. */
	const waitFor = (predicate, timeoutMs) =>
		new Promise((resolve, reject) => {
			const check = () => {
				const hit = messages.find(predicate);
				if (!hit) return false;
				waiters.delete(check);
				clearTimeout(timer);
				resolve(hit);
				return true;
			};
			const timer = setTimeout(() => {
				waiters.delete(check);
				reject(new Error(`no matching chat message within ${Math.round(timeoutMs / 1000)} s`));
			}, timeoutMs);
			waiters.add(check);
			check();
		});

	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const url = `http://127.0.0.1:${server.address().port}/chat`;
			resolve({
				url,
				messages,
				waitFor,
				close: () =>
					new Promise((done) => {
						for (const s of sockets) s.destroy();
						server.close(() => done());
					}),
			});
		});
	});
}
