/**
 * The floor for the client's landing page: a bare Node HTTP server that does what the page must
 * do — ask the API (through the router, forwarding cookie and host as the client does) for the
 * current user and then the tickets — and answers the same markup built with template strings,
 * props embedded as JSON as Next embeds them. What it lacks is React and Next.
 */
import http from 'http';
import { forwardedHeaders, getJson, Ticket } from './get-json';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const row = (t: Ticket) =>
  `<tr><td>${escapeHtml(t.title)}</td><td>$${t.price.toFixed(2)}</td><td class="text-end">` +
  `<a class="btn btn-sm btn-outline-primary" aria-label="View ${escapeHtml(t.title)}" href="/tickets/${t.id}">View</a></td></tr>`;

const page = (currentUser: unknown, tickets: Ticket[]) =>
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/>' +
  '<title>GitTix</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"/><link rel="stylesheet" href="/_next/static/css/app.css"/></head>' +
  '<body class="bg-body-tertiary"><div id="__next">' +
  '<nav class="navbar navbar-expand navbar-light bg-white border-bottom shadow-sm mb-4"><div class="container">' +
  '<a class="navbar-brand fw-bold" href="/">GitTix</a><ul class="navbar-nav ms-auto">' +
  '<li class="nav-item"><a class="nav-link" href="/auth/signup">Sign Up</a></li>' +
  '<li class="nav-item"><a class="nav-link" href="/auth/signin">Sign In</a></li></ul></div></nav>' +
  '<main class="container pb-5"><h1 class="h2 mb-4">Tickets</h1><div class="card shadow-sm overflow-hidden">' +
  '<table class="table table-hover align-middle mb-0"><thead class="table-light"><tr><th scope="col">Title</th>' +
  '<th scope="col">Price</th><th scope="col"><span class="visually-hidden">Link</span></th></tr></thead><tbody>' +
  tickets.map(row).join('') +
  '</tbody></table></div></main></div>' +
  `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify({ props: { currentUser, pageProps: { tickets } } }).replace(/</g, '\\u003c')}</script>` +
  '</body></html>';

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.end('{}');
    return;
  }
  const headers = forwardedHeaders(req.headers);
  getJson<{ currentUser: unknown }>('/api/users/currentuser', headers)
    .then(async ({ currentUser }) => {
      const tickets = await getJson<Ticket[]>('/api/tickets', headers);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(currentUser, tickets));
    })
    .catch(() => {
      res.writeHead(502);
      res.end();
    });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
