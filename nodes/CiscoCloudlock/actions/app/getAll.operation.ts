import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	dateRangeFields,
	filtersCollection,
	optionsCollection,
	returnAllAndLimit,
	VENDOR_OPTIONS,
} from '../../helpers/descriptions';
import { compact, readConcurrency, readLimit, toFilterTime, toList } from '../../helpers/params';
import { apiList } from '../../transport';
import { CLASSIFICATION_OPTIONS } from './common';

/** Category names as Cisco's API reference describes them. */
export const SCOPE_CATEGORY_OPTIONS = [
	{ name: 'Basic Information (BINFO)', value: 'BINFO' },
	{ name: 'Full Data Access (FDATA)', value: 'FDATA' },
	{ name: 'Inbox or Contacts Access (INBOX)', value: 'INBOX' },
	{ name: 'Limited Access to Data and Files (LACES)', value: 'LACES' },
	{ name: 'Payment Information (PINFO)', value: 'PINFO' },
];

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection(
		{
			displayName: 'App Category',
			name: 'appCategory',
			type: 'string',
			default: '',
			placeholder: 'CIT',
			description: 'Only apps in this Cloudlock app category',
		},
		{
			displayName: 'Classification',
			name: 'classification',
			type: 'options',
			options: CLASSIFICATION_OPTIONS,
			default: 'unclassified',
			description: 'Only apps with this classification',
		},
		...dateRangeFields('detected', 'Only apps first detected'),
		{
			displayName: 'Install State',
			name: 'installState',
			type: 'options',
			options: [
				{ name: 'Installed', value: 'installed' },
				{ name: 'Not Installed', value: 'not_installed' },
			],
			default: 'installed',
			description:
				'Whether to list installed or uninstalled apps; Cloudlock lists installed ones unless told otherwise',
		},
		{
			displayName: 'Scope Categories',
			name: 'scopeCategories',
			type: 'multiOptions',
			options: SCOPE_CATEGORY_OPTIONS,
			default: [],
			description: 'Only apps holding all of these permission categories',
		},
		{
			displayName: 'Vendor',
			name: 'vendor',
			type: 'options',
			options: VENDOR_OPTIONS,
			default: 'google',
			description: 'Only apps on this cloud platform',
		},
	),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['app'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const scopes = toList(filters.scopeCategories);
	const qs = compact({
		classification: filters.classification as string,
		vendor: filters.vendor as string,
		app_category: filters.appCategory as string,
		detected_at_after: toFilterTime(this, filters.detectedAfter, 'Detected After', itemIndex),
		detected_at_before: toFilterTime(this, filters.detectedBefore, 'Detected Before', itemIndex),
		scope_categories: scopes.join(','),
		install_state: filters.installState as string,
	});
	return await apiList.call(this, '/apps', qs, {
		limit: readLimit(this, itemIndex),
		itemIndex,
		concurrency: readConcurrency(this, itemIndex),
	});
}
