export interface SourceFile {
	/** relative to the package root, e.g. 'nodes/CiscoCloudlock/transport/request.ts' */
	path: string;
	text: string;
}
/** Every file under `dir` (relative to the package root) whose name ends with `ext` (default '.ts'). */
export function sourceFiles(dir: string, ext?: string): SourceFile[];
