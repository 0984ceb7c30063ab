// The list API says where the next page starts in a `Link: </api/tickets?...&before=ID>; rel="next"`
// header (RFC 8288) and sends none on the last page, so its body can stay a plain array of tickets.
const nextPageBefore = (link: unknown): string | null => {
  if (typeof link !== 'string') return null;
  const next = /<([^>]*)>\s*;\s*rel="?next"?/.exec(link);
  if (!next) return null;
  return new URL(next[1], 'http://api.invalid').searchParams.get('before');
};

export default nextPageBefore;
