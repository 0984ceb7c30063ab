import path from 'path';
import mongoose from 'mongoose';
import type { Mongo } from '@ticketing/toolkit';
import { profileGoServer, readGoProfile } from '../go-profile';
import { cpuSeconds } from '../proc';
import { addNote, SuiteContext } from '../suite';
import { Comparison } from '../types';

/** The list's first page as tickets asks for it: newest first by _id, limit + 1, without pending events. */
const firstPage = (connection: mongoose.Connection) =>
  connection
    .collection('tickets')
    .find({}, { projection: { pendingEvents: 0 } })
    .sort({ _id: -1 })
    .limit(21);

/** How the database plans the list's query on a collection: its explain output, shortened. */
export const listPlan = async (uri: string): Promise<string> => {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    const plan = await firstPage(connection).explain();
    const { queryPlanner, filterPushdown, sortPushdown, limitPushdown } = plan as Record<string, unknown>;
    return JSON.stringify({ queryPlanner, filterPushdown, sortPushdown, limitPushdown });
  } finally {
    await connection.close();
  }
};

const PROFILE_SECONDS = 5;
const FERRETDB = 'github.com/FerretDB/FerretDB/internal/';

/**
 * FerretDB's own CPU profile (Go's pprof) while the bench sends the page's query again and again
 * with nothing else connected, told as a sentence: CPU per page and the shares of what FerretDB
 * 1.24.2 does with it, each share a function's time with all it calls.
 */
export const profileListQuery = async (mongo: Mongo, uri: string, pid: number, ctx: SuiteContext): Promise<string> => {
  if (!mongo.pprofUrl) return '';
  const file = path.join(ctx.resultsDir, `${ctx.date}-tickets-ferretdb.pprof`);
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    await firstPage(connection).toArray();
    const before = cpuSeconds(pid) ?? 0;
    const pages = await profileGoServer(mongo.pprofUrl, PROFILE_SECONDS, file, async () => {
      await firstPage(connection).toArray();
    });
    const cpuMs = (((cpuSeconds(pid) ?? before) - before) * 1000) / pages;
    const { totalMs, cumulativeMs } = await readGoProfile(file);
    const percent = (ms: number | undefined) =>
      ms === undefined || !totalMs ? 'n/a' : `${Math.round((100 * ms) / totalMs)}%`;
    const share = (fn: string) => percent(cumulativeMs.get(fn));
    const findMs = cumulativeMs.get(`${FERRETDB}handler.(*Handler).MsgFind`);
    return (
      `FerretDB's own CPU profile while the bench sent this query ${pages} times with nothing else connected ` +
      `(\`${path.relative(path.dirname(ctx.resultsDir), file)}\`; \`go tool pprof -top -cum\` reads it): ` +
      `${cpuMs.toFixed(0)} ms of CPU a page. Of its time, ${percent(findMs)} is the find command: ` +
      `${share(`${FERRETDB}backends/sqlite.(*queryIterator).Next`)} reading every row of the collection ` +
      `(\`sqlite.queryIterator.Next\`), within which ${share(`${FERRETDB}handler/sjson.Unmarshal`)} decoding each stored ` +
      `document's JSON into a document (\`sjson.Unmarshal\`) and ${share('modernc.org/sqlite.(*rows).Next')} SQLite's own ` +
      `table scan; ${share(`${FERRETDB}handler/common.FilterDocument`)} matching each document against the empty filter ` +
      `(\`common.FilterDocument\`) and ${share(`${FERRETDB}handler/common.SortDocuments`)} sorting them ` +
      `(\`common.SortDocuments\`). The other ${percent(findMs === undefined ? undefined : totalMs - findMs)} is Go's runtime beside the command, ` +
      `mostly the garbage collector freeing those decoded documents (its background marking alone ${share('runtime.gcBgMarkWorker')}). ` +
      'The cost is per stored document, in FerretDB: no option of it, nor anything in the query, avoids reading them all.'
    );
  } catch (err) {
    return `FerretDB could not be profiled: ${err instanceof Error ? err.message : String(err)}.`;
  } finally {
    await connection.close();
  }
};

const msPerOp = (comparison: Comparison | undefined, side: 'subject' | 'floor', process: string): string =>
  comparison?.cpu?.[side].find((share) => share.process === process)?.msPerOp?.toFixed(1) ?? 'n/a';

/** The many-tickets row's note: the plan, why it scans, and FerretDB's CPU per page with its profile. */
export const explainList = (
  comparisons: Comparison[],
  name: string,
  many: number,
  plan: string,
  profile: string,
): void => {
  const planText = `The database's plan for the page's query (newest first by _id, limit 21) with ${many} stored: \`${plan}\`. `;
  if (!plan.includes('"sortPushdown":false')) {
    addNote(comparisons, name, `${planText}The page is read from the _id index.`);
    return;
  }
  const row = comparisons.find((comparison) => comparison.name === name);
  addNote(
    comparisons,
    name,
    planText +
      "That is FerretDB 1.24/SQLite. It pushes down no sort but `$natural` on a capped collection, a limit only with neither sort nor filter, and of filters only an exact `_id` (FerretDB's `Handler.makeFindQueryParams` and the SQLite backend's `collection.Query`); " +
      'the flags that once pushed other sorts were removed as unsafe before 1.24, and its PostgreSQL backend pushes no more of this query (no `$lt`, the same sort and limit rules). ' +
      "So it reads, decodes and sorts the whole collection for every page, and this row measures that, the test database's limit. MongoDB walks the _id index backwards and reads 21 entries. " +
      "The service's side is bounded whatever the store holds: it asks for limit + 1 tickets by descending _id, without pending events (tickets/src/routes/__test__/index.test.ts). " +
      `In the measured rounds a page cost FerretDB ${msPerOp(row, 'subject', `ferretdb (${many} stored)`)} ms of CPU with ${many} stored ` +
      `(tickets' relay sweeps every 10 s, which scan the store too, included) against ${msPerOp(row, 'floor', 'ferretdb')} ms with 100 ` +
      '(the row\'s table under "Where the time goes", with FerretDB\'s own profile; tickets itself stays near idle, waiting).',
  );
  if (row && profile) {
    row.timeNote = profile;
    row.gapOwner =
      "the test database's: FerretDB reads and decodes every stored ticket for each page (see its profile)";
  }
};
