import nextPageBefore from '../next-page';

it('reads the cursor of the rel="next" link', () => {
  expect(nextPageBefore('</api/tickets?limit=20&before=abc123>; rel="next"')).toBe('abc123');
});

it('finds rel="next" among other links', () => {
  expect(nextPageBefore('</api/tickets>; rel="first", </api/tickets?before=x9>; rel="next"')).toBe('x9');
});

it('is null without a header, without a next link, or without a cursor in it', () => {
  expect(nextPageBefore(undefined)).toBeNull();
  expect(nextPageBefore('</api/tickets>; rel="first"')).toBeNull();
  expect(nextPageBefore('</api/tickets?limit=20>; rel="next"')).toBeNull();
});
