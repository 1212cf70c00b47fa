#!/bin/sh
# Test PKI for certificate-method signing and verification (outputs are committed; rerun to regenerate).
# Everything is EC P-256. Validity windows are fixed dates so the tests do not age:
#   root-ca        CA, 2025-01-01 .. 2046-01-01
#   intermediate   CA, signed by root-ca, 2025-01-01 .. 2046-01-01
#   leaf           codeSigning EKU, signed by intermediate, 2025-01-01 .. 2046-01-01 (key: leaf-key.pem)
#   expired-leaf   codeSigning EKU, signed by intermediate, 2020-01-01 .. 2021-01-01 (key: leaf-key.pem)
#   empty-subject-leaf  like leaf, but an empty subject and a critical email SAN (RFC 5280 4.1.2.6)
#   other-root     an unrelated CA, 2025-01-01 .. 2046-01-01
# Usage: sh generate.sh  (needs openssl >= 1.1; writes into this directory)
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = ca_default
[ca_default]
dir = $work
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[none]
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf_nosubject]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectAltName = critical, email:signer@example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
: > "$work/index.txt"
echo 1000 > "$work/serial"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
csr() { openssl req -new -key "$1" -subj "/CN=$2" -out "$work/$3.csr"; }
# sign CSR-NAME ISSUER-CERT ISSUER-KEY EXTENSIONS START END OUT
sign() {
  openssl ca -batch -config "$work/ca.cnf" -in "$work/$1.csr" -cert "$2" -keyfile "$3" \
    -extensions "$4" -startdate "$5" -enddate "$6" -notext -out "$7" 2>/dev/null
}
selfsign() {
  openssl ca -batch -config "$work/ca.cnf" -selfsign -in "$work/$1.csr" -keyfile "$2" \
    -extensions v3_ca -startdate 20250101000000Z -enddate 20460101000000Z -notext -out "$3" 2>/dev/null
}

key root-ca-key.pem && csr root-ca-key.pem "mlsec test root CA" root && selfsign root root-ca-key.pem root-ca.pem
key intermediate-key.pem && csr intermediate-key.pem "mlsec test intermediate CA" int
sign int root-ca.pem root-ca-key.pem v3_ca 20250101000000Z 20460101000000Z intermediate.pem
key leaf-key.pem && csr leaf-key.pem "mlsec test model signer" leaf
sign leaf intermediate.pem intermediate-key.pem v3_leaf 20250101000000Z 20460101000000Z leaf.pem
sign leaf intermediate.pem intermediate-key.pem v3_leaf 20200101000000Z 20210101000000Z expired-leaf.pem
key other-root-key.pem && csr other-root-key.pem "mlsec unrelated root CA" other && selfsign other other-root-key.pem other-root.pem
openssl req -new -key leaf-key.pem -subj "/" -out "$work/nosubject.csr"
openssl ca -batch -config "$work/ca.cnf" -policy none -in "$work/nosubject.csr" -cert intermediate.pem \
  -keyfile intermediate-key.pem -extensions v3_leaf_nosubject -startdate 20250101000000Z \
  -enddate 20460101000000Z -notext -out empty-subject-leaf.pem 2>/dev/null
openssl pkey -in leaf-key.pem -pubout -out leaf-pub.pem
echo "wrote root-ca.pem intermediate.pem leaf.pem expired-leaf.pem empty-subject-leaf.pem other-root.pem and keys"
