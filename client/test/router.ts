import Router from 'next/router';

// The next/router singleton as mocked in jest.setup.ts.
export const router = Router as unknown as { push: jest.Mock; replace: jest.Mock };
