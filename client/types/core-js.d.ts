// core-js ships no type declarations; this entry point only installs a polyfill (see instrumentation.ts).
declare module 'core-js/actual/array-buffer/detached';
