// The floor: node:http taking the same batches (read, JSON-parsed, counted) and answering 202,
// with nothing kept. What the events endpoint costs beyond it is Switchyard's.
import { createServer } from 'node:http';

let events = 0;
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const batch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    events += batch.events.length;
    const body = JSON.stringify({ accepted: batch.events.length, rejected: 0, errors: [] });
    response.writeHead(202, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${server.address().port}` });
});
process.on('message', (message) => {
  if (message?.type === 'count') process.send?.({ type: 'count', events });
  if (message?.type === 'close') server.close(() => process.exit(0));
});
