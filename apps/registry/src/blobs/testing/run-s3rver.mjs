// Runs s3rver on 127.0.0.1 (port 0) in its own process, so that the server's memory is not counted with
// the store's in the tests; prints {"port":N} on stdout and stops when its stdin closes.
// Usage: node run-s3rver.mjs DIRECTORY BUCKET
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket, configs: [] }],
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
