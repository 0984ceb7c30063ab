import express from 'express';

/** JSON bodies up to 100 kB; larger ones are answered 413 by the error handler. */
export const jsonBody = express.json({ limit: '100kb' });
