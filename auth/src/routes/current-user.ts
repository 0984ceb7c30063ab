import express, { Request, Response } from 'express';

const router = express.Router();

// currentUser (mounted app-wide) has already verified the session JWT; an invalid or expired one leaves it unset.
router.get('/api/users/currentuser', (req: Request, res: Response) => {
  res.send({ currentUser: req.currentUser ?? null });
});

export { router as currentUserRouter };
