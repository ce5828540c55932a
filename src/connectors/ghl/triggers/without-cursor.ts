import type { SearchedContact } from '../schemas.ts';

/** The contact as a flow sees it: the search's paging cursor is not part of the record. */
export function withoutCursor(contact: SearchedContact): Omit<SearchedContact, 'searchAfter'> {
  const { searchAfter: _cursor, ...record } = contact;
  return record;
}
