// The bench's DynamoDB in a process of its own (loopback only): the bench process's heap is then
// the jobs' alone, and dynalite works on the second core. Reports its port to the parent.
import dynalite from 'dynalite';

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => server.close(() => process.exit(0)));
