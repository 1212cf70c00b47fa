/**
 * A state_dict pickle laid out the way torch.save (protocol 2) writes data.pkl: an OrderedDict of
 * tensors rebuilt by torch._utils._rebuild_tensor_v2 from persistent storage ids. Used only to make the
 * benchmark corpus realistic; the scanner must parse it like a real checkpoint.
 */
export function stateDictPickle(tensors: number, elements: number): Uint8Array {
  const out: number[] = [];
  const ascii = (s: string): void => {
    for (const ch of s) out.push(ch.charCodeAt(0));
  };
  const shortString = (s: string): void => {
    out.push(0x58); // BINUNICODE
    const bytes = Buffer.from(s, 'utf8');
    out.push(bytes.length & 0xff, (bytes.length >> 8) & 0xff, 0, 0, ...bytes);
  };
  const int = (n: number): void => {
    out.push(0x4a, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff); // BININT
  };
  out.push(0x80, 0x02); // PROTO 2
  ascii('ccollections\nOrderedDict\n');
  out.push(0x29, 0x52); // EMPTY_TUPLE REDUCE
  for (let i = 0; i < tensors; i++) {
    shortString(`layers.${i}.weight`);
    ascii('ctorch._utils\n_rebuild_tensor_v2\n');
    out.push(0x28); // MARK
    out.push(0x28); // MARK for the persistent id tuple
    shortString('storage');
    ascii('ctorch\nFloatStorage\n');
    shortString(String(i));
    shortString('cpu');
    int(elements);
    out.push(0x74, 0x51); // TUPLE BINPERSID
    int(0);
    int(elements);
    out.push(0x85); // TUPLE1 (shape)
    int(1);
    out.push(0x85); // TUPLE1 (stride)
    out.push(0x89); // NEWFALSE
    ascii('ccollections\nOrderedDict\n');
    out.push(0x29, 0x52); // EMPTY_TUPLE REDUCE
    out.push(0x74, 0x52); // TUPLE REDUCE
    out.push(0x73); // SETITEM
  }
  out.push(0x2e); // STOP
  return Uint8Array.from(out);
}
