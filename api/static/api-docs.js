/* Starts the API documentation viewer named by #api-docs (Swagger UI or ReDoc) on the
   server's own OpenAPI description. The viewers' code is served by this server. */
(function () {
  "use strict";

  var root = document.getElementById("api-docs");
  if (!root) {
    return;
  }
  var url = root.getAttribute("data-openapi");
  if (root.getAttribute("data-viewer") === "swagger-ui" && window.SwaggerUIBundle) {
    window.SwaggerUIBundle({
      url: url,
      domNode: root,
      deepLinking: true,
      validatorUrl: null,
      presets: [window.SwaggerUIBundle.presets.apis]
    });
  } else if (root.getAttribute("data-viewer") === "redoc" && window.Redoc) {
    window.Redoc.init(url, { disableSearch: false, hideDownloadButton: false }, root);
  }
})();
