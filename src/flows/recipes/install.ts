import type { StoredFlow } from '../../store/flows.ts';
import type { FlowService } from '../service.ts';
import { recipes } from './index.ts';
import type { Recipe, RecipeConnections } from './types.ts';

export interface InstallOptions {
  enable: boolean;
  /** Only these recipes (all by default). */
  keys?: string[];
}

/**
 * Saves recipes as flows for the given connections, checked like any flow. Installing again
 * replaces the same flows (by name), so it is safe to repeat.
 */
export async function installRecipes(
  flows: FlowService,
  connections: RecipeConnections,
  options: InstallOptions,
): Promise<StoredFlow[]> {
  const chosen: Recipe[] = options.keys ? recipes.filter((r) => options.keys?.includes(r.key)) : [...recipes];
  const saved: StoredFlow[] = [];
  for (const recipe of chosen) {
    const document = { name: recipe.title, description: recipe.description, ...recipe.flow(connections) };
    saved.push(await flows.save({ ...document, enabled: options.enable }, { recipe: recipe.key }));
  }
  return saved;
}
