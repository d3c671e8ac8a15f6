import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { asNodeError } from '../../helpers/errors';
import { apiRequest, extractItems } from '../../transport';
import { appIdField, readAppId } from './common';

export const description = updateDisplayOptions(
	{ show: { resource: ['app'], operation: ['get'] } },
	[appIdField],
);

async function findApp(
	ctx: IExecuteFunctions,
	id: string,
	itemIndex: number,
	installState?: string,
): Promise<IDataObject | undefined> {
	const qs: IDataObject = { app_ids: id };
	if (installState) qs.install_state = installState;
	const body = await apiRequest.call(ctx, { method: 'GET', path: '/apps', qs, itemIndex });
	return (extractItems(body) ?? []).find((app) => String(app.id) === id);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = decodeURIComponent(readAppId(this, itemIndex));
	// There is no GET /apps/{id}; the list filtered by id is Cisco's own "get a specific app". The
	// list shows installed apps unless asked otherwise, so an uninstalled app needs a second look.
	let app = await findApp(this, id, itemIndex);
	if (!app) {
		try {
			app = await findApp(this, id, itemIndex, 'not_installed');
		} catch (error) {
			// A tenant that rejects the filter value simply has no such app to show.
			if (!(error instanceof NodeApiError && error.httpCode === '400'))
				throw asNodeError(this, error, itemIndex);
		}
	}
	if (!app) {
		throw new NodeOperationError(this.getNode(), `No app with ID "${id}" in Cloudlock`, {
			itemIndex,
			description:
				'Check the App ID (App → Get Many lists them), and that the credential points at the right tenant.',
		});
	}
	return app;
}
