import { ATLAS } from './rule.ts';
import type { RuleDef } from './rule.ts';

/** ATLAS techniques these rules cite besides the shared ones (ids checked against ATLAS 5.6.0). */
const DENIAL_OF_SERVICE = 'AML.T0029';
const DEFENSE_EVASION = 'AML.T0107';
const MASQUERADING = 'AML.T0074';

const NOT_SCANNED = 'A scanner fails closed: content it could not read is not safe content.';

/** Rules of the zip, tar and compressed-stream detectors. */
export const ARCHIVE_RULES: readonly RuleDef[] = [
  {
    id: 'archive/path-traversal',
    severity: 'high',
    title: 'Archive member escapes the extraction folder',
    description:
      'A member name climbs out with "..", is absolute (a leading "/", a drive letter, a UNC path), or a ' +
      'tar link points outside the archive. Extracting the archive writes or links files anywhere the ' +
      'user can write ("zip slip"), e.g. over a Python module or a startup script.',
    fix: 'Do not extract the archive. If it is yours, rebuild it from a clean folder with relative paths.',
    atlas: [ATLAS.unsafeArtifact, ATLAS.supplyChainModel],
    cwe: ['CWE-22', 'CWE-59'],
  },
  {
    id: 'archive/suspicious-name',
    severity: 'medium',
    title: 'Archive member name is ambiguous',
    description:
      'A member name contains backslashes, NUL or control characters, invalid UTF-8, or is longer than ' +
      'the limit. Tools disagree on such names (Windows treats a backslash as a separator, C code stops ' +
      'at NUL), so a scanner and a loader can look at different files.',
    fix: 'Rename the member to a plain relative path with forward slashes and re-create the archive.',
    atlas: [ATLAS.unsafeArtifact, DEFENSE_EVASION],
    cwe: ['CWE-22', 'CWE-176'],
  },
  {
    id: 'archive/bomb',
    severity: 'high',
    title: 'Archive member decompresses past the limits',
    description:
      'A member expands beyond the compression-ratio or size limit, or the decompression budget for ' +
      'the file ran out across nested layers. Loading it exhausts memory or disk (a decompression bomb), ' +
      `and whatever lies past the limit was not scanned. ${NOT_SCANNED}`,
    fix: 'Do not load the artifact. If the size is legitimate, raise the decompression limits and scan again.',
    atlas: [DENIAL_OF_SERVICE, ATLAS.unsafeArtifact],
    cwe: ['CWE-409'],
  },
  {
    id: 'archive/overlapping-members',
    severity: 'high',
    title: 'Archive members share bytes',
    description:
      'Two members claim overlapping byte ranges. No archiver writes this; it is how overlapping-file ' +
      'zip bombs reach huge ratios, and how one name is made to alias another member’s data.',
    fix: 'Do not load the artifact; re-create the archive with a standard tool if it is yours.',
    atlas: [DENIAL_OF_SERVICE, DEFENSE_EVASION],
    cwe: ['CWE-409'],
  },
  {
    id: 'archive/encrypted-member',
    severity: 'high',
    title: 'Archive member is flagged as encrypted',
    description:
      'The member sets the zip encryption flag. Encrypted content cannot be scanned; PyTorch’s reader ' +
      'ignores the flag and reads the bytes anyway, so a member "encrypted" in name only hides clear ' +
      `content from tools that honour the flag. The bytes were scanned as stored. ${NOT_SCANNED}`,
    fix: 'Ask the producer for an unencrypted artifact; model archives have no reason to be encrypted.',
    atlas: [ATLAS.unsafeArtifact, DEFENSE_EVASION],
    cwe: ['CWE-693'],
  },
  {
    id: 'archive/odd-flags',
    severity: 'medium',
    title: 'Archive member sets unusual flag bits',
    description:
      'General-purpose flag bits other than the deflate options, data descriptor and UTF-8 name are set ' +
      '(strong encryption, masked headers, reserved bits). Loaders ignore them, other tools refuse the ' +
      'member: a known way to make scanners skip content that the loader reads.',
    fix: 'Re-create the archive with a standard tool (Python zipfile, torch.save).',
    atlas: [DEFENSE_EVASION],
    cwe: ['CWE-693'],
  },
  {
    id: 'archive/header-mismatch',
    severity: 'high',
    title: 'Archive headers disagree',
    description:
      'The local header and the central directory give a member different names, methods or flags, the ' +
      'end record counts a different number of members, or a tar link declares data. Scanners that read ' +
      'one structure and loaders that read the other then see different files.',
    fix: 'Treat the artifact as crafted to evade scanning; do not load it.',
    atlas: [DEFENSE_EVASION, MASQUERADING],
    cwe: ['CWE-436'],
  },
  {
    id: 'archive/duplicate-member',
    severity: 'high',
    title: 'Archive holds two members with the same name',
    description:
      'The same name appears twice. Some loaders use the first copy, others the last, so the member a ' +
      'scanner approves may not be the one that is loaded. Both copies were scanned.',
    fix: 'Re-create the archive so that each name appears once.',
    atlas: [DEFENSE_EVASION, ATLAS.supplyChainModel],
    cwe: ['CWE-436'],
  },
  {
    id: 'archive/unparseable',
    severity: 'high',
    title: 'Archive or member could not be read',
    description:
      'The archive structure (end record, central directory, tar headers) or a member’s local header ' +
      `or data is missing, truncated or corrupt, so some content was not scanned. ${NOT_SCANNED}`,
    fix: 'Obtain an intact copy of the artifact and scan again.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'archive/malformed',
    severity: 'medium',
    title: 'Archive has structural inconsistencies',
    description:
      'The archive opened, but something in it is off: a CRC or size that does not match the data, bytes ' +
      'after the end record, a malformed pax record, an unknown member type. Standard tools do not write ' +
      'these; they point at damage or at hand-crafting.',
    fix: 'Re-create the archive with a standard tool, or obtain an intact copy.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'archive/too-many-entries',
    severity: 'high',
    title: 'Archive has more members than the limit',
    description: `The archive lists more members than the entry limit; the rest were not scanned. ${NOT_SCANNED}`,
    fix: 'Split the artifact, or raise the entry limit if the count is legitimate, and scan again.',
    atlas: [DENIAL_OF_SERVICE, ATLAS.unsafeArtifact],
    cwe: ['CWE-400'],
  },
  {
    id: 'archive/unsupported-method',
    severity: 'high',
    title: 'Archive member uses an unsupported compression method',
    description:
      'The member is compressed with a method other than stored or deflate (the two PyTorch’s reader ' +
      `supports), so its content was not scanned. ${NOT_SCANNED}`,
    fix: 'Re-create the archive with stored or deflate members and scan again.',
    atlas: [ATLAS.unsafeArtifact, DEFENSE_EVASION],
    cwe: ['CWE-693'],
  },
  {
    id: 'archive/prefixed-data',
    severity: 'medium',
    title: 'Data precedes the first archive member',
    description:
      'Bytes come before the first member: a polyglot (a JPEG or a pickle that is also a zip) or a ' +
      'self-extracting stub. Tools that read from the start and tools that read the central directory ' +
      'see different files. The prefix was scanned as its own artifact.',
    fix: 'Strip the prefix or re-create the archive; model archives start with their first member.',
    atlas: [MASQUERADING, DEFENSE_EVASION],
    cwe: ['CWE-434'],
  },
  {
    id: 'compression/unparseable',
    severity: 'high',
    title: 'Compressed data could not be decompressed',
    description:
      'The gzip, zlib, bzip2, xz or LZMA stream is truncated, corrupt, fails its checksum, uses an ' +
      `unsupported filter, or is too large to read, so its content was not scanned. ${NOT_SCANNED}`,
    fix: 'Obtain an intact copy, or decompress it with a trusted tool and scan the result.',
    atlas: [ATLAS.unsafeArtifact],
    cwe: ['CWE-20'],
  },
  {
    id: 'compression/bomb',
    severity: 'high',
    title: 'Compressed data decompresses past the limits',
    description:
      'The stream expands beyond the compression-ratio or size limit, or the decompression budget for ' +
      `the file ran out across nested layers (a decompression bomb). ${NOT_SCANNED}`,
    fix: 'Do not decompress it. If the size is legitimate, raise the limits and scan again.',
    atlas: [DENIAL_OF_SERVICE, ATLAS.unsafeArtifact],
    cwe: ['CWE-409'],
  },
  {
    id: 'compression/trailing-data',
    severity: 'medium',
    title: 'Bytes follow the end of the compressed stream',
    description:
      'Data follows the compressed stream. Decompressors ignore it, so it can carry a payload that ' +
      'travels with the artifact unseen. The trailing bytes were scanned as their own artifact.',
    fix: 'Re-create the file with a standard tool, without appended data.',
    atlas: [DEFENSE_EVASION],
    cwe: ['CWE-693'],
  },
];
