import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PyFloat, pyFloatRepr, pythonJson } from './python-json.ts';

describe('pythonJson', () => {
  it('indents by two spaces with ": " and empty containers inline, like json.dumps(indent=2)', () => {
    assert.equal(
      pythonJson({ a: [], b: {}, c: [1, 'x'] }),
      '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    "x"\n  ]\n}',
    );
  });

  it('keeps non-ASCII text and escapes control characters', () => {
    assert.equal(pythonJson('é\u0001"'), '"é\\u0001\\""');
  });

  it('writes floats as Python repr does', () => {
    assert.equal(pythonJson(new PyFloat(1_000_000_000)), '1000000000.0');
    assert.equal(pyFloatRepr(8), '8.0');
    assert.equal(pyFloatRepr(0.5), '0.5');
    assert.equal(pyFloatRepr(1e16), '1e+16');
    assert.equal(pyFloatRepr(1.5e-5), '1.5e-05');
  });
});
