import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../schema-printer';

printAppSchema()
  .then((sdl) => {
    const target = path.resolve(__dirname, '../../schema.graphql');
    fs.writeFileSync(target, sdl);
    process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
