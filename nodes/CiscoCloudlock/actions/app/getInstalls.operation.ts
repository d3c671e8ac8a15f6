import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { appIdField, listSubResource, readAppId } from './common';

export const description = updateDisplayOptions(
	{ show: { resource: ['app'], operation: ['getInstalls'] } },
	[appIdField],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = readAppId(this, itemIndex);
	return await listSubResource(this, `/apps/${id}/installs`, itemIndex);
}
