'use strict';
/*
 * Loads Cisco's own reference material, which lives next to the repo clone in
 * ../shared/reference (locally /work/shared/reference; in CI `shared/` is a sibling of the clone).
 * Plain CommonJS because n8n's lint rules forbid fs, path and __dirname in TypeScript files.
 */
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');

const REFERENCE_DIR = path.resolve(__dirname, '../../../shared/reference');

function readReference(file) {
	return fs.readFileSync(path.join(REFERENCE_DIR, file), 'utf8');
}

function loadOpenApi() {
	return yaml.load(readReference('cloudlock-openapi-1.0.0.yaml'));
}

function loadPostman() {
	return JSON.parse(readReference('cloudlock-postman-collection.json'));
}

module.exports = { REFERENCE_DIR, loadOpenApi, loadPostman };
