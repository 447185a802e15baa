const fs = require('fs');
(async () => {
  const { PGlite } = await import('@electric-sql/pglite');
  let t = Date.now();
  const a = await PGlite.create();
  await a.query('select 1');
  console.log('initdb in memory', Date.now() - t, 'ms');
  const buf = fs.readFileSync('/tmp/pgl-seed.tar.gz');
  t = Date.now();
  const b = await PGlite.create({ loadDataDir: new Blob([buf]) });
  await b.query('select 1');
  console.log('from seed in memory', Date.now() - t, 'ms');
})();
