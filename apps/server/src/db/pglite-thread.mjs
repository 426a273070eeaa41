// The embedded PostgreSQL's own thread (ADR 25). PGlite runs PostgreSQL compiled to WebAssembly in the
// thread that calls it: in the server's thread every statement's execution kept the HTTP and job work
// waiting, so one process used one of the machine's cores. Here it answers the PostgreSQL wire protocol
// on MessagePorts, one per connection of the app's node-postgres pool (client.ts), which so runs the
// same driver code on PGlite as on a PostgreSQL server.
//
// Plain JavaScript: a worker thread is loaded by Node itself, outside the TypeScript loaders of tests
// and `npm run dev`, and beside the bundle in production.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { parentPort, workerData } from 'node:worker_threads';

// pg_trgm serves the calls search (a trigram index over transcripts); PostgreSQL ships it in contrib.
const db = await PGlite.create(workerData.dataDir, { extensions: { pg_trgm } });

/** PGlite has one backend: work from every connection runs one batch at a time, in arrival order. */
let queue = Promise.resolve();
const serial = (work) => (queue = queue.then(work, work));

/**
 * The connection whose transaction the backend is in, if any. Closes from different connections reach
 * this thread in no fixed order against each other's messages: the pool drops a connection after a
 * failed query and opens another at once, so the old one's close can land after the new one's BEGIN.
 */
let inTransaction = null;

/**
 * node-postgres writes whole protocol messages (a query's Parse…Sync corked into one write), so each
 * posted buffer holds complete messages, which PGlite runs in one call; its answer goes back in one post.
 */
function serve(port) {
  port.on('message', (data) =>
    serial(async () => {
      // A connection's last words (its Terminate) may come after the database closed.
      if (db.closed) return;
      const out = [];
      let length = 0;
      const wasInTransaction = db.isInTransaction();
      try {
        await db.execProtocolRawStream(new Uint8Array(data), {
          onRawData: (chunk) => {
            // PGlite reuses the buffer it hands out: copy before the next chunk overwrites it.
            out.push(chunk.slice());
            length += chunk.length;
          },
        });
        // Only the connection that began it owns a transaction (a closing one's Terminate comes in between).
        if (!db.isInTransaction()) inTransaction = null;
        else if (!wasInTransaction) inTransaction = port;
      } catch (err) {
        // Only a broken backend throws here (SQL errors are answered in the protocol): end the connection.
        console.error('PGlite failed to answer', err);
        port.close();
        return;
      }
      if (length === 0) return;
      const answer = new Uint8Array(length);
      let at = 0;
      for (const c of out) {
        answer.set(c, at);
        at += c.length;
      }
      port.postMessage(answer, [answer.buffer]);
    }),
  );
  // A connection dropped inside its transaction must not leave the single backend in it for the next one;
  // a connection closed while another is in its own transaction must leave that one alone.
  port.on('close', () =>
    serial(async () => {
      if (inTransaction !== port) return;
      inTransaction = null;
      if (!db.closed && db.isInTransaction()) await db.exec('ROLLBACK');
    }),
  );
}

parentPort.on('message', (msg) => {
  if (msg.type === 'connect') serve(msg.port);
  else if (msg.type === 'close')
    serial(async () => {
      await db.close();
      parentPort.postMessage({ type: 'closed' });
    });
});
parentPort.postMessage({ type: 'ready' });
