import { describe, expect, it } from 'vitest';
import { describeIssues } from './schema-issue';
import { schemaIssues } from './schema-issues';

const schema = {
  type: 'object',
  properties: {
    size: { type: 'integer', minimum: 1 },
    mode: { enum: ['fast', 'safe'] },
    hosts: { type: 'array', prefixItems: [{ type: 'string', format: 'hostname' }] },
    'a/b': { type: 'string' },
  },
  required: ['size'],
  additionalProperties: false,
};

describe('schemaIssues (the console\'s check of a value against its key\'s schema)', () => {
  it('is empty for a conforming value and for no usable schema', () => {
    expect(schemaIssues(schema, { size: 2, mode: 'safe' })).toEqual([]);
    expect(schemaIssues(undefined, { anything: true })).toEqual([]);
    expect(schemaIssues(true, 5)).toEqual([]);
  });

  it('names each field that breaks it by JSON Pointer, without the applicators around it', () => {
    const issues = schemaIssues(schema, { size: 'four', mode: 'slow', colour: 'red', 'a/b': 1 });
    expect(issues.map((issue) => [issue.path, issue.property])).toEqual([
      ['/size', false],
      ['/mode', false],
      ['/a~1b', false],
      ['/colour', true],
    ]);
    expect(issues.find((issue) => issue.path === '/colour')?.message).toBe('Not allowed by the schema.');
    expect(describeIssues(issues)).toMatch(/^\/size: .*integer.*; \/mode: .*fast.*safe/);
  });

  it('checks draft 2020-12 keywords and formats, and the whole value', () => {
    expect(schemaIssues(schema, { size: 1, hosts: ['not a host!'] }).map((issue) => issue.path)).toEqual(['/hosts/0']);
    expect(schemaIssues(schema, { mode: 'fast' })).toEqual([{ path: '', message: expect.stringContaining('"size"'), property: false }]);
    expect(describeIssues(schemaIssues(schema, 5))).toMatch(/^\(the whole value\): /);
  });
});
