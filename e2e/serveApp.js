// Serves the portal's production build (packages/app/dist, built with the
// e2e configuration) on :3000 as a static web server would: files as they
// are, every other path the app's index.html (client-side routes).
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', 'packages', 'app', 'dist');
const port = Number(process.env.PORT ?? 3000);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

if (!fs.existsSync(path.join(root, 'index.html'))) {
  throw new Error(`No build in ${root}: run the app's build first`);
}

http
  .createServer((req, res) => {
    const pathname = decodeURIComponent(
      new URL(req.url ?? '/', 'http://localhost').pathname,
    );
    const file = path.join(root, path.normalize(pathname));
    const inside = file.startsWith(root + path.sep);
    const found =
      inside && fs.existsSync(file) && fs.statSync(file).isFile()
        ? file
        : path.join(root, 'index.html');
    res.writeHead(200, {
      'Content-Type': types[path.extname(found)] ?? 'application/octet-stream',
      // Hashed bundles never change; the page itself always revalidates.
      'Cache-Control': found.includes(`${path.sep}static${path.sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    fs.createReadStream(found).pipe(res);
  })
  .listen(port, () => {
    console.log(`Serving ${root} on http://localhost:${port}`);
  });
