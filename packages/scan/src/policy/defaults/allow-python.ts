import { members } from './entry.ts';

/**
 * Standard-library globals that ordinary pickles of ML objects contain and that only build data. Each
 * is a class or a reconstructor whose effects are limited to creating the object it names.
 * pathlib is deliberately absent: Path objects are harmless, but their methods write and delete files
 * and would be one attribute away (they stay 'unknown', and Path methods are denied).
 */
export const PYTHON_ALLOW: readonly string[] = [
  // Builtin types and singletons (Python 2 pickles say __builtin__, normalised to builtins).
  ...members(
    'builtins',
    `object bool int float complex str bytes bytearray list tuple dict set frozenset slice range
     Ellipsis NotImplemented`,
  ),
  // Lib/copyreg.py helpers the pickle protocol itself emits for protocol 0-2 objects and NEWOBJ(_EX):
  // they call cls.__new__ (and base.__init__ for _reconstructor) on a class the pickle names, and that
  // class is a global judged on its own.
  ...members('copyreg', '_reconstructor __newobj__ __newobj_ex__'),
  // Protocol 2 pickles of bytes call _codecs.encode(str, 'latin1') (normalised to codecs.encode).
  'codecs.encode',
  ...members('collections', 'OrderedDict defaultdict Counter deque'),
  ...members('datetime', 'datetime date time timedelta timezone'),
  'decimal.Decimal',
  'fractions.Fraction',
  // uuid.UUID only: the uuid module also holds command runners (uuid._get_command_stdout), denied.
  'uuid.UUID',
  'uuid.SafeUUID',
  // Training scripts save their argparse arguments in checkpoints; both only set attributes.
  'argparse.Namespace',
  'types.SimpleNamespace',
  // partial only binds arguments: its target is a separate global, judged (and reported) on its own.
  'functools.partial',
];
