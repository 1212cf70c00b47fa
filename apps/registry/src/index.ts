/**
 * @mlsec/registry: the tamper-evident model registry behind `mlsec registry serve` (issue 6). Built in
 * parts: the transparency log (RFC 9162 Merkle tree, C2SP checkpoints), blob stores, the database
 * layer, identity and access, and promotion gates; the HTTP server ties them together.
 */
export {};
