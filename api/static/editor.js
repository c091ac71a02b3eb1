/* The query editor: starts YASGUI on #yasgui (when its files are installed) and opens the
   named queries as tabs. Without YASGUI the example buttons fill the plain form. */
(function () {
  "use strict";

  var configElement = document.getElementById("editor-config");
  if (!configElement) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var root = document.getElementById("yasgui");
  var yasgui = null;

  if (root && window.Yasgui) {
    // Only completers that work offline: the class and property completers ask a remote
    // vocabulary service.
    window.Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    window.Yasgui.Yasqe.defaults.prefixCcApi = null;
    yasgui = new window.Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: {
        getData: function () {
          return [{ endpoint: endpoint }];
        },
        keys: []
      },
      persistenceId: "styrgraf-editor",
      yasqe: { value: config.defaultQuery }
    });
    root.setAttribute("data-state", "ready");
    window.styrgrafEditor = yasgui;
  } else if (root) {
    root.setAttribute("data-state", "missing");
  }

  // Entity IRIs in the results open their page on this server, not the public address.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".yasr a[href]") : null;
    var href = link ? link.getAttribute("href") : "";
    if (config.base && href.indexOf(config.base) === 0 && href.length > config.base.length) {
      link.setAttribute("href", "/id/" + href.slice(config.base.length));
    }
  }, true);

  var examples = {};
  config.examples.forEach(function (example) {
    examples[example.name] = example;
  });

  function openExample(name) {
    var example = examples[name];
    if (!example) {
      return;
    }
    if (yasgui) {
      var tab = yasgui.addTab(true, { name: name });
      tab.setEndpoint(endpoint);
      tab.setQuery(example.query);
      root.scrollIntoView({ block: "start" });
      return;
    }
    var textarea = document.getElementById("query");
    if (textarea) {
      textarea.value = example.query;
      textarea.focus();
      textarea.scrollIntoView({ block: "center" });
    }
  }

  var buttons = document.querySelectorAll("button.open-example");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      openExample(button.getAttribute("data-example"));
    });
  });
})();
