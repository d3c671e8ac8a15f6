/** Folder holding Cisco's reference files (resolved from this file's location). */
export const REFERENCE_DIR: string;
/** cloudlock-openapi-1.0.0.yaml, parsed. */
export function loadOpenApi(): unknown;
/** cloudlock-postman-collection.json, parsed. */
export function loadPostman(): unknown;
