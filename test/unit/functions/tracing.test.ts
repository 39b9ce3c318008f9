import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * Issue 16: Powertools Tracer on every function. Lambda's own X-Ray switch is asserted on the
 * synthesized stack (test/infra); this checks the other half, that each handler's middy chain
 * opens the invocation's segment, so a function added without it fails here.
 */
const functions = readdirSync('functions', { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name);

describe('Every function traces its invocations (Powertools Tracer)', () => {
  it('finds the functions', () => {
    expect(functions.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of functions) {
    it(`wraps ${name}'s handler in captureLambdaHandler(tracer)`, () => {
      const source = readFileSync(`functions/${name}/handler.ts`, 'utf8');
      expect(source).toContain('.use(captureLambdaHandler(tracer))');
      expect(source).toMatch(/import \{[^}]*\btracer\b[^}]*\} from '\.\.\/shared\/observability'/);
    });
  }
});
