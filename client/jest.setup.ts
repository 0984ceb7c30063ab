import '@testing-library/jest-dom';

// Pages navigate with the next/router singleton, which only exists inside a running Next app;
// tests read its calls through test/router.ts.
jest.mock('next/router', () => ({ __esModule: true, default: { push: jest.fn(), replace: jest.fn() } }));
