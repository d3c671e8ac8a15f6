'use strict';
// Records every HTTP(S) request this process opens, whatever library opens it (axios inside
// n8n-core goes through http.request / https.request). Lets a test prove that the nodes talk
// only to the credential's Base URL (field report F13). Node built-ins are off limits in .ts
// test files under the community lint rules, hence a small .js module.
const http = require('http');
const https = require('https');

const seen = [];
let installed = null;

function describe(protocol, args) {
	const [first, second] = args;
	let url;
	if (typeof first === 'string' || first instanceof URL) {
		url = new URL(String(first));
	} else {
		const o = first || {};
		const host = o.hostname || o.host || 'localhost';
		const port = o.port ? `:${o.port}` : '';
		url = new URL(`${o.protocol || protocol}//${host}${port}${o.path || '/'}`);
	}
	if (second && typeof second === 'object' && !(second instanceof Function) && second.path) {
		url = new URL(second.path, url);
	}
	return url.toString();
}

function wrap(mod, protocol, name) {
	const original = mod[name];
	mod[name] = function recorded(...args) {
		try {
			seen.push(describe(protocol, args));
		} catch {
			seen.push(`${protocol}//<unparsed>`);
		}
		return original.apply(this, args);
	};
	return () => {
		mod[name] = original;
	};
}

function startRecording() {
	if (installed) return;
	installed = [
		wrap(http, 'http:', 'request'),
		wrap(http, 'http:', 'get'),
		wrap(https, 'https:', 'request'),
		wrap(https, 'https:', 'get'),
	];
}

function stopRecording() {
	if (!installed) return;
	for (const restore of installed) restore();
	installed = null;
}

function outboundUrls() {
	return seen.slice();
}

function clearOutbound() {
	seen.length = 0;
}

module.exports = { startRecording, stopRecording, outboundUrls, clearOutbound };
