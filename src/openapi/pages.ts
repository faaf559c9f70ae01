/** Text safe inside HTML element content and attribute values. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** JSON safe inside a `<script>` element: no `</script>` or `<!--` can close or confuse it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029')
}

/** What the Swagger UI page needs to know. */
export interface SwaggerPageOptions {
  title: string
  openapiUrl: string
  oauth2RedirectUrl: string
  cssUrl: string
  bundleUrl: string
  faviconUrl: string
}

/**
 * The `/docs` page: Swagger UI with FastAPI's default settings (deep links, extensions shown), loading
 * its files from this server rather than a CDN.
 *
 * @example
 * html(swaggerPage({ title: 'Shop', openapiUrl: '/openapi.json', ... }))
 */
export function swaggerPage(options: SwaggerPageOptions): string {
  const config = {
    url: options.openapiUrl,
    dom_id: '#swagger-ui',
    layout: 'BaseLayout',
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link type="text/css" rel="stylesheet" href="${escapeHtml(options.cssUrl)}">
<link rel="shortcut icon" href="${escapeHtml(options.faviconUrl)}">
<title>${escapeHtml(options.title)} - Swagger UI</title>
</head>
<body>
<div id="swagger-ui"></div>
<script src="${escapeHtml(options.bundleUrl)}"></script>
<script>
const ui = SwaggerUIBundle(Object.assign(${scriptJson(config)}, {
  oauth2RedirectUrl: window.location.origin + ${scriptJson(options.oauth2RedirectUrl)},
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
}))
</script>
</body>
</html>
`
}

/**
 * The page the OAuth2 provider sends the browser back to; Swagger UI's own script finishes the flow.
 *
 * @example
 * html(oauth2RedirectPage('/docs/swagger-ui-dist@5.35.0/oauth2-redirect.js'))
 */
export function oauth2RedirectPage(scriptUrl: string): string {
  return `<!DOCTYPE html>
<html lang="en-US">
<head><title>Swagger UI: OAuth2 Redirect</title></head>
<body>
<script src="${escapeHtml(scriptUrl)}"></script>
</body>
</html>
`
}

/** What the ReDoc page needs to know. */
export interface RedocPageOptions {
  title: string
  openapiUrl: string
  scriptUrl: string
}

/**
 * The `/redoc` page: ReDoc's standalone bundle from this server. Unlike FastAPI's it loads no web
 * fonts from a CDN, so it works offline.
 *
 * @example
 * html(redocPage({ title: 'Shop', openapiUrl: '/openapi.json', scriptUrl: '/redoc/redoc@2.5.4/redoc.standalone.js' }))
 */
export function redocPage(options: RedocPageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} - ReDoc</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<noscript>ReDoc requires JavaScript to function. Please enable it to browse the documentation.</noscript>
<redoc spec-url="${escapeHtml(options.openapiUrl)}"></redoc>
<script src="${escapeHtml(options.scriptUrl)}"></script>
</body>
</html>
`
}
