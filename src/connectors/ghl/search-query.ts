import { z } from 'zod';

/**
 * The body of `POST /contacts/search` beyond `locationId` and paging. The spec leaves it empty
 * (`SearchBodyV2DTO`); the shape follows HighLevel's search documentation: filters with
 * eq / not_eq / contains / not_contains / exists / not_exists / range, AND/OR groups, up to two
 * sort entries and a free-text query of at most 75 characters.
 */

export const SEARCH_MAX_PAGE_LIMIT = 500;

export const filterOperator = z.enum([
  'eq',
  'not_eq',
  'contains',
  'not_contains',
  'exists',
  'not_exists',
  'range',
]);

export const fieldFilter = z.object({
  field: z.string().min(1).describe('e.g. email, tags, dateUpdated, customFields.<field id>'),
  operator: filterOperator,
  value: z
    .unknown()
    .optional()
    .describe('The value compared; for range, an object with gt, gte, lt or lte; none for exists'),
});

export interface FilterGroup {
  group: 'AND' | 'OR';
  filters: SearchFilter[];
}
export type SearchFilter = z.infer<typeof fieldFilter> | FilterGroup;

export const searchFilter: z.ZodType<SearchFilter> = z.lazy(() =>
  z.union([fieldFilter, z.object({ group: z.enum(['AND', 'OR']), filters: z.array(searchFilter).min(1) })]),
);

export const searchSort = z.object({
  field: z.string().min(1).describe('e.g. dateAdded, dateUpdated, firstNameLowerCase'),
  direction: z.enum(['asc', 'desc']),
});
export type SearchSort = z.infer<typeof searchSort>;

export const searchCriteria = {
  query: z.string().max(75).optional().describe('Free text matched against name, email, company and phone'),
  filters: z.array(searchFilter).optional(),
  sort: z.array(searchSort).max(2).optional().describe('Default: newest first (dateAdded descending)'),
};

export interface SearchCriteria {
  query?: string | undefined;
  filters?: SearchFilter[] | undefined;
  sort?: SearchSort[] | undefined;
}

/** The criteria as body fields, leaving out the ones not given. */
export function criteriaBody(criteria: SearchCriteria): Record<string, unknown> {
  return {
    ...(criteria.query ? { query: criteria.query } : {}),
    ...(criteria.filters && criteria.filters.length > 0 ? { filters: criteria.filters } : {}),
    ...(criteria.sort && criteria.sort.length > 0 ? { sort: criteria.sort } : {}),
  };
}
