import { Head, Html, Main, NextScript } from 'next/document';

// Only here to declare the page language for screen readers and translators.
const Document = () => (
  <Html lang="en">
    <Head />
    <body className="bg-body-tertiary">
      <Main />
      <NextScript />
    </body>
  </Html>
);

export default Document;
