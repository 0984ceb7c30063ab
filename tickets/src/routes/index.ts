import { Request, Response } from 'express';
import { matchedData, query } from 'express-validator';
import { validateRequest, AddRoutes } from '@ticketing/common';
import { Ticket } from '../models/ticket';

/** Tickets per page when `?limit=` is not given. */
export const DEFAULT_PAGE_SIZE = 20;
/** The most `?limit=` may ask for. */
export const MAX_PAGE_SIZE = 100;

// One value each (never an array from `?limit=1&limit=2` or an object from `?limit[$gt]=`).
const single = (value: unknown) => typeof value === 'string';

const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
const listQuery = [
  query('limit')
    .optional()
    .custom(single)
    .withMessage(LIMIT_MESSAGE)
    .bail()
    .isInt({ min: 1, max: MAX_PAGE_SIZE })
    .withMessage(LIMIT_MESSAGE)
    .toInt(),
  query('before')
    .optional()
    .custom(single)
    .withMessage('before must be a ticket id')
    .bail()
    .isMongoId()
    .withMessage('before must be a ticket id'),
];

/**
 * One page of tickets, newest first: `?limit=` of them (default DEFAULT_PAGE_SIZE), older than
 * the ticket `?before=` names when given. The body stays a plain array; when there are older
 * tickets, a `Link: <...>; rel="next"` header gives the next page's URL.
 */
export const addIndexTicketRoute: AddRoutes = (router) => {
  router.get('/api/tickets', listQuery, validateRequest, async (req: Request, res: Response) => {
    const { limit = DEFAULT_PAGE_SIZE, before } = matchedData(req) as { limit?: number; before?: string };
    // ObjectIds start with their creation time, so descending _id is newest first and the page is a
    // range of the _id index. One extra ticket says whether there is a next page. Pending outbox
    // events are left in the database: a list never shows them.
    const page = await Ticket.find(before ? { _id: { $lt: before } } : {})
      .select('-pendingEvents')
      .sort({ _id: -1 })
      .limit(limit + 1);
    if (page.length > limit) {
      page.pop();
      res.setHeader('Link', `</api/tickets?limit=${limit}&before=${page[page.length - 1].id}>; rel="next"`);
    }
    res.send(page);
  });
};
