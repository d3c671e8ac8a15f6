import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

/** Runs one operation for one input item; the router adds pairedItem and handles Continue On Fail. */
export type ItemExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<IDataObject | IDataObject[]>;

/**
 * Runs one operation for all input items at once (bulk writes that must read the library once).
 * Returns the output items with pairedItem set; handles Continue On Fail itself.
 */
export type BatchExecute = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
) => Promise<INodeExecutionData[]>;

export interface OperationModule {
	description: INodeProperties[];
	execute?: ItemExecute;
	executeBatch?: BatchExecute;
}

export interface ResourceModule {
	/** The resource's `operation` selector followed by every operation's fields. */
	description: INodeProperties[];
	operations: Record<string, OperationModule>;
}
