/**
 * The floor for the tickets service: Express and mongoose doing the same database operation
 * per route, on the same collection, with no middleware beyond JSON parsing for the POST body —
 * no logging, sessions, auth, validation, outbox or events.
 *
 * `/mandated/tickets/:id` is the second floor of the show route: the same read behind only what
 * the service is bound to and the bare floor leaves out (./mandated.ts).
 */
import express, { RequestHandler } from 'express';
import mongoose from 'mongoose';
import { mandated } from './mandated';

const ticketSchema = new mongoose.Schema({ title: String, price: Number, userId: String }, { versionKey: 'version' });
const Ticket = mongoose.model('Ticket', ticketSchema);
// Creates go to a collection of their own: growing the service's collection would slow the
// service's relay, which scans it, and so charge the floor's inserts to the subject.
const FloorTicket = mongoose.model('FloorTicket', ticketSchema);

const app = express();
app.get('/healthz', (_req, res) => {
  res.send({});
});
// The service's read for showing: a lean findById (no document built) that leaves the outbox out.
const showTicket: RequestHandler<{ id: string }> = async (req, res) => {
  res.send(await Ticket.findById(req.params.id).select('-pendingEvents').lean());
};
app.get('/api/tickets/:id', showTicket);
app.get('/mandated/tickets/:id', ...mandated, showTicket);
// The service's default page: the newest PAGE_SIZE tickets.
const PAGE_SIZE = 20;
app.get('/api/tickets', async (_req, res) => {
  res.send(await Ticket.find({}).sort({ _id: -1 }).limit(PAGE_SIZE));
});
app.post('/api/floor-tickets', express.json(), async (req, res) => {
  const { title, price } = req.body as { title: string; price: number };
  res.status(201).send(await FloorTicket.create({ title, price, userId: 'floor' }));
});

const start = async () => {
  await mongoose.connect(process.env.MONGO_URI!);
  app.listen(Number(process.env.PORT), '127.0.0.1');
};
void start();
