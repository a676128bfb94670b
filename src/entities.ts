/** Every entity the DataSource knows, gathered from each module's public index. */
export const ENTITIES: Function[] = [];
