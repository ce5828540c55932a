/** The connections a recipe is installed against, by name. */
export interface RecipeConnections {
  ghl: string;
  gleap: string;
  gleantap: string;
}

export interface Recipe {
  key: string;
  title: string;
  description: string;
  /** The apps it needs a connection to (the bridge's own connection is always there). */
  apps: Array<keyof RecipeConnections>;
  /** The flow's trigger, filter and steps for the given connections; its name and description are the recipe's. */
  flow(connections: RecipeConnections): Record<string, unknown>;
}

/** A JSONata string literal (JSON's double-quoted form is valid JSONata). */
export const literal = (value: string): string => JSON.stringify(value);

/** JSONata: the value when it is a non-empty string, otherwise nothing (the input stays unset). */
export const present = (path: string): string =>
  `$type(${path}) = "string" and $length(${path}) > 0 ? ${path}`;

/** JSONata: true when the value is a non-empty string. */
export const hasText = (path: string): string => `($type(${path}) = "string" and $length(${path}) > 0)`;

/** JSONata: today's date as YYYY-MM-DD (Gleantap event dates). */
export const today = '$substring($now(), 0, 10)';

/** JSONata: an ISO date-time `days` from now (GHL task due dates). */
export const inDays = (days: number): string => `$fromMillis($millis() + ${days * 86_400_000})`;

/** JSONata object naming a record for the identity map. */
export const recordRef = (connection: string, entity: string, idPath: string): string =>
  `{ "connection": ${literal(connection)}, "entity": ${literal(entity)}, "id": ${idPath} }`;
