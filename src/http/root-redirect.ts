import type { Plugin } from 'graphql-yoga';

/** `/` sends a visitor (or a probe) to the API, which is all this server serves. */
export function useRootRedirect(graphqlPath = '/graphql'): Plugin {
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: `${graphqlPath}${url.search}` } }));
    },
  };
}
