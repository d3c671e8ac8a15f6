/**
 * What the node's own description shows for each (resource, operation), so the contract fixture
 * table can be checked for completeness: a new filter without a fixture fails the contract tests.
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CiscoCloudlock } from '../../nodes/CiscoCloudlock/CiscoCloudlock.node';

const properties = new CiscoCloudlock().description.properties;

export interface NodeOperation {
	resource: string;
	operation: string;
}

const shown = (p: INodeProperties, key: string, value: string): boolean => {
	const list = p.displayOptions?.show?.[key];
	return Array.isArray(list) && list.includes(value);
};

/** Every (resource, operation) pair offered by the node's operation selectors. */
export function nodeOperations(): NodeOperation[] {
	return properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			(p.displayOptions?.show?.resource ?? []).flatMap((resource) =>
				(p.options as INodePropertyOptions[]).map((o) => ({
					resource: String(resource),
					operation: String(o.value),
				})),
			),
		);
}

export function landedResources(): Set<string> {
	return new Set(nodeOperations().map((o) => o.resource));
}

function operationProperties(resource: string, operation: string): INodeProperties[] {
	return properties.filter(
		(p) =>
			p.name !== 'operation' &&
			shown(p, 'resource', resource) &&
			(p.displayOptions?.show?.operation === undefined || shown(p, 'operation', operation)),
	);
}

/**
 * Names a fixture table must set for the operation: every parameter ('filters'), every option of a
 * collection ('filters.createdAfter'), every field of a fixedCollection ('entries.values.ip'), and
 * every value of a top-level options parameter ('groupBy=policy') since each can change the path.
 */
export function requiredCoverage(resource: string, operation: string): string[] {
	const names: string[] = [];
	for (const p of operationProperties(resource, operation)) {
		names.push(p.name);
		if (p.type === 'collection') {
			for (const o of (p.options ?? []) as INodeProperties[]) names.push(`${p.name}.${o.name}`);
		} else if (p.type === 'fixedCollection') {
			for (const group of (p.options ?? []) as Array<{ name: string; values: INodeProperties[] }>) {
				for (const v of group.values) names.push(`${p.name}.${group.name}.${v.name}`);
			}
		} else if (p.type === 'options' && !p.typeOptions?.loadOptionsMethod) {
			for (const o of (p.options ?? []) as INodePropertyOptions[]) {
				names.push(`${p.name}=${String(o.value)}`);
			}
		}
	}
	return names.sort();
}

/** The same kind of names for the parameters a fixture sets. */
export function coverageOf(parameters: IDataObject): string[] {
	const names: string[] = [];
	const walk = (prefix: string, value: unknown) => {
		names.push(prefix);
		if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
			names.push(`${prefix}=${String(value)}`);
		}
		const objects = Array.isArray(value) ? value : [value];
		for (const object of objects) {
			if (object === null || typeof object !== 'object' || Array.isArray(object)) continue;
			for (const [key, inner] of Object.entries(object as IDataObject))
				walk(`${prefix}.${key}`, inner);
		}
	};
	for (const [key, value] of Object.entries(parameters)) {
		if (key !== 'resource' && key !== 'operation') walk(key, value);
	}
	return names;
}
