import { SearchInputSchema, type SearchResult } from '@ralf/shared';
import { procedure, router } from '../../trpc/trpc';

/** The command palette's search (issue 21); what a hit offers to do is checked again where it is done. */
export const searchRouter = router({
  find: procedure('read')
    .input(SearchInputSchema)
    .query(({ ctx, input }): Promise<SearchResult> => ctx.services.search.find(input)),
});
