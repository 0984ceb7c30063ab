import { Head, Html, Main, NextScript } from 'next/document';

// Declares the page language for screen readers and translators, and that Bootstrap's
// `scroll-behavior: smooth` on <html> is intended: Next then turns it off during route changes
// (so a new page does not scroll smoothly from the old position) instead of warning.
const Document = () => (
  <Html lang="en" data-scroll-behavior="smooth">
    <Head />
    <body className="bg-body-tertiary">
      <Main />
      <NextScript />
    </body>
  </Html>
);

export default Document;
