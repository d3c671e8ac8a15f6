import type { IDataObject } from 'n8n-workflow';

const obj = (value: unknown): IDataObject =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};

/** Every key present, missing values as null: a sheet or table gets the same columns for every row. */
function row(fields: Record<string, unknown>): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		out[key] = value === undefined ? null : (value as IDataObject[keyof IDataObject]);
	}
	return out;
}

/** The flat summary analysts read in a chat alert or a sheet row. */
export function simplifyIncident(incident: IDataObject): IDataObject {
	const entity = obj(incident.entity);
	const policy = obj(incident.policy);
	return row({
		id: incident.id,
		status: incident.incident_status,
		severity: incident.severity,
		policyId: policy.id,
		policyName: policy.name,
		incidentType: incident.incident_type,
		entityId: entity.id,
		entityName: entity.name,
		ownerEmail: entity.owner_email,
		ownerName: entity.owner_name,
		vendor: obj(entity.vendor).name,
		clientIp: entity.ip ?? entity.client_ip,
		matchCount: incident.match_count,
		customerKey: incident.customer_key,
		createdAt: incident.created_at,
		updatedAt: incident.updated_at,
		url: entity.direct_url,
	});
}

export function simplifyActivity(activity: IDataObject): IDataObject {
	const user = obj(activity.user);
	const vendor = obj(activity.vendor);
	const location = obj(activity.client_location);
	return row({
		id: activity.event_id,
		// The form the Activity "IDs" filter (and Cloudlock's `ids` parameter) expects.
		compositeId:
			vendor.name && vendor.service && activity.event_id
				? `${String(vendor.name)}:${String(vendor.service)}:${String(activity.event_id)}`
				: undefined,
		eventType: activity.event_type,
		eventCategory: activity.event_category,
		userEmail: user.user_email,
		vendor: vendor.name,
		service: vendor.service,
		clientIp: activity.client_ip,
		country: obj(location.country).name,
		city: location.city,
		successful: activity.operation_successful,
		createdAt: activity.created_at,
	});
}

/** One aggregate group as a flat row: `{ id, name, info, warning, critical, alert, total }`. */
export function simplifyAggregate(group: IDataObject): IDataObject {
	const agg = obj(group.agg);
	return row({
		id: group.id,
		name: group.name,
		info: agg.info,
		warning: agg.warning,
		critical: agg.critical,
		alert: agg.alert,
		total: agg.total,
	});
}
