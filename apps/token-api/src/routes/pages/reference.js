// The API reference page: Swagger UI rendering this server's own /openapi.json. A file of its
// own because the page's Content-Security-Policy admits no inline script.
window.addEventListener("DOMContentLoaded", () => {
  window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#reference",
    deepLinking: true,
    // The public validator badge would send the document to a third party (and the policy forbids it).
    validatorUrl: null,
    // "Try it out" calls this same origin; a token pasted under Authorize stays in this tab's memory.
    persistAuthorization: false,
    tryItOutEnabled: false,
  });
});
