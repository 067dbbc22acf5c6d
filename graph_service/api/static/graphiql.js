// Starts GraphiQL on the page's element, opening on the query it names (or the one in the
// address, so a query can be shared as a link). Requests go to the page's own address; the
// Headers tab adds what the user puts there, such as {"Authorization": "Bearer <key>"}.
(function () {
  "use strict";

  const element = document.getElementById("graphiql");
  const parameters = new URLSearchParams(window.location.search);
  const endpoint = window.location.href.split("?")[0].split("#")[0];

  function remember(name, value) {
    if (value) {
      parameters.set(name, value);
    } else {
      parameters.delete(name);
    }
    const search = parameters.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  function Page() {
    const [query, setQuery] = React.useState(
      parameters.get("q") || element.dataset.openingQuery,
    );
    const [variables, setVariables] = React.useState(
      parameters.get("variables") || undefined,
    );
    const [headers, setHeaders] = React.useState(undefined);

    return React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: endpoint }),
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      defaultEditorToolsVisibility: true,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      query: query,
      variables: variables,
      headers: headers,
      onEditQuery: function (edited) {
        setQuery(edited);
        remember("q", edited);
      },
      onEditVariables: function (edited) {
        setVariables(edited);
        remember("variables", edited);
      },
      onEditHeaders: setHeaders,
    });
  }

  ReactDOM.createRoot(element).render(React.createElement(Page));
})();
