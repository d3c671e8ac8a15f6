// The measured floor: the same pages fetched by a bare Node http client (keep-alive, JSON.parse,
// nothing else) at a given concurrency, from the worker process. It shows what this simulator
// on this machine allows at best, so the gap between it and a node is the node's (and n8n's) own.
import http from 'node:http';

function get(agent, url, token) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => {
				try {
					resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) });
				} catch (error) {
					reject(error);
				}
			});
		});
		req.on('error', reject);
	});
}

/** Fetches every URL with at most `concurrency` in flight → `{ ms, items }`. */
export async function fetchAll(urls, concurrency, token) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const t0 = performance.now();
	let next = 0;
	let items = 0;
	const lane = async () => {
		while (next < urls.length) {
			const { body } = await get(agent, urls[next++], token);
			items += Array.isArray(body?.items) ? body.items.length : 0;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, lane));
	const ms = performance.now() - t0;
	agent.destroy();
	return { ms, items };
}
