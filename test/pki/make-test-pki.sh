#!/usr/bin/env bash
# An offline test PKI in the style of the НУЦ РК, made with openssl alone:
#   make-test-pki.sh DIR        certification authority, TSA, signers of two agencies and the bad variants
#   make-test-pki.sh gostify IN OUT   rewrites the RSA OIDs of a DER file (certificate or CMS) as Kazakh GOST ones
# DIR/pki.json lists every signer with its files, IIN and BIN. Nothing here is a real person or key.
set -euo pipefail

# rsaEncryption and sha256WithRSAEncryption have OIDs of the same length as GOST 34.310-2004's key
# and signature OIDs (1.2.398.3.10.1.1.1.1 and .2), so a byte swap keeps the DER well formed.
if [ "${1:-}" = gostify ]; then
  perl -0777 -pe 's/\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01/\x06\x09\x2a\x83\x0e\x03\x0a\x01\x01\x01\x01/g; s/\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b/\x06\x09\x2a\x83\x0e\x03\x0a\x01\x01\x01\x02/g' "$2" > "$3"
  exit 0
fi

self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
dir=${1:?usage: make-test-pki.sh DIR}
mkdir -p "$dir"
cd "$dir"

cat > openssl.cnf <<'EOF'
[ ca ]
default_ca = ca_default

[ ca_default ]
dir            = ./$ENV::CA_NAME
database       = $dir/index.txt
serial         = $dir/serial
new_certs_dir  = $dir/newcerts
default_md     = sha256
policy         = policy_any
unique_subject = no
copy_extensions = none
email_in_dn    = no
preserve       = yes
string_mask    = utf8only

[ policy_any ]
commonName             = supplied
surname                = optional
givenName              = optional
serialNumber           = optional
countryName            = optional
organizationName       = optional
organizationalUnitName = optional

[ root ]
basicConstraints       = critical, CA:true
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ tsa_cert ]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = critical, timeStamping
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# An NCA signing certificate of an organization's head: nonRepudiation, e-mail protection, organization (1.2.398.3.3.4.1.2) and CEO (.1).
[ sign ]
basicConstraints       = CA:false
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = emailProtection, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# An NCA authentication (AUTH) certificate: no nonRepudiation.
[ auth ]
basicConstraints       = CA:false
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = clientAuth, 1.2.398.3.3.4.1.2, 1.2.398.3.3.4.1.2.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# A person's own signing certificate (individual, 1.2.398.3.3.4.1.1): not an organization's.
[ individual ]
basicConstraints       = CA:false
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = emailProtection, 1.2.398.3.3.4.1.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# `openssl ts -reply -config openssl.cnf`: the test TSA answering RFC 3161 queries.
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
serial            = ./tsa-serial
crypto_device     = builtin
signer_cert       = ./tsa.pem
signer_key        = ./tsa.key
signer_digest     = sha256
default_policy    = 1.2.398.3.3.2.6.1
digests           = sha256, sha384, sha512
accuracy          = secs:1
ordering          = yes
tsa_name          = no
ess_cert_id_chain = no
ess_cert_id_alg   = sha256

# The TLS certificate of the stand-in NCALayer (wss://127.0.0.1:13579) in browser tests.
[ server ]
basicConstraints       = CA:false
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = IP:127.0.0.1, DNS:localhost
EOF

new_ca() { # name subject
  mkdir -p "$1/newcerts"
  : > "$1/index.txt"
  openssl rand -hex 16 > "$1/serial"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$1/ca.key" -subj "$2" -utf8 -out "$1/ca.csr" 2>/dev/null
  CA_NAME=$1 openssl ca -batch -config openssl.cnf -selfsign -keyfile "$1/ca.key" -in "$1/ca.csr" -out "$1/ca.pem" \
    -extensions root -startdate 20200101000000Z -enddate 20451231235959Z -notext -utf8 2>/dev/null
}

issue() { # ca name subject extensions [startdate enddate]
  openssl req -new -newkey rsa:2048 -nodes -keyout "$2.key" -subj "$3" -utf8 -out "$2.csr" 2>/dev/null
  local validity=(-days 365)
  [ $# -ge 6 ] && validity=(-startdate "$5" -enddate "$6")
  CA_NAME=$1 openssl ca -batch -config openssl.cnf -cert "$1/ca.pem" -keyfile "$1/ca.key" -in "$2.csr" -out "$2.pem" \
    -extensions "$4" "${validity[@]}" -notext -utf8 2>/dev/null
  rm "$2.csr"
}

new_ca ca '/C=KZ/O=ТЕСТ/CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) ТЕСТ'
new_ca other-ca '/C=KZ/O=БӨГДЕ/CN=БӨГДЕ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ'
issue ca tsa '/C=KZ/O=ТЕСТ/CN=УАҚЫТ БЕЛГІСІ ҚЫЗМЕТІ (TSA) ТЕСТ' tsa_cert
openssl rand -hex 8 > tsa-serial
issue ca server '/CN=127.0.0.1' server

AKIMAT_BIN=990740001235 AKIMAT='Мақтаарал аудандық әкімдігі'
POLICE_BIN=020440004565 POLICE='Мақтаарал аудандық полиция бөлімі'
AKIM_IIN=680315300121 CHIEF_IIN=750611300453 DEPUTY_IIN=820209300770
OTHER_BIN=110840003213 OTHER_IIN=790425400892

subject() { # cn surname given iin organization bin
  printf '/CN=%s/SN=%s/GN=%s/serialNumber=IIN%s/C=KZ/O=%s/OU=BIN%s' "$1" "$2" "$3" "$4" "$5" "$6"
}

issue ca akim "$(subject 'ӘБДІЛДАЕВ ҒАЛЫМ' 'ӘБДІЛДАЕВ' 'ҚАЙРАТҰЛЫ' $AKIM_IIN "$AKIMAT" $AKIMAT_BIN)" sign
issue ca chief "$(subject 'НҰРЛАНОВ ӨМІРЗАҚ' 'НҰРЛАНОВ' 'ҮСЕНҰЛЫ' $CHIEF_IIN "$POLICE" $POLICE_BIN)" sign
# The chief's deputy, who acts for the chief (И.о.) while the chief is away: their own key, the police's BIN.
issue ca deputy "$(subject 'ТӨЛЕУОВ АСХАТ' 'ТӨЛЕУОВ' 'БОЛАТҰЛЫ' $DEPUTY_IIN "$POLICE" $POLICE_BIN)" sign
# Bad variants, each wrong in one way only (all for the akim of the akimat but where said):
issue ca expired "$(subject 'ӘБДІЛДАЕВ ҒАЛЫМ' 'ӘБДІЛДАЕВ' 'ҚАЙРАТҰЛЫ' $AKIM_IIN "$AKIMAT" $AKIMAT_BIN)" sign 20210101000000Z 20220101000000Z
issue ca auth "$(subject 'ӘБДІЛДАЕВ ҒАЛЫМ' 'ӘБДІЛДАЕВ' 'ҚАЙРАТҰЛЫ' $AKIM_IIN "$AKIMAT" $AKIMAT_BIN)" auth
issue ca individual "$(printf '/CN=%s/SN=%s/serialNumber=IIN%s/C=KZ' 'ӘБДІЛДАЕВ ҒАЛЫМ' 'ӘБДІЛДАЕВ' $AKIM_IIN)" individual
issue ca wrong-bin "$(subject 'ӘБДІЛДАЕВ ҒАЛЫМ' 'ӘБДІЛДАЕВ' 'ҚАЙРАТҰЛЫ' $AKIM_IIN 'БАСҚА ҰЙЫМ' $OTHER_BIN)" sign
issue ca wrong-iin "$(subject 'БӨТЕН АДАМ' 'БӨТЕН' 'АДАМҰЛЫ' $OTHER_IIN "$AKIMAT" $AKIMAT_BIN)" sign
issue other-ca other-ca-signer "$(subject 'ӘБДІЛДАЕВ ҒАЛЫМ' 'ӘБДІЛДАЕВ' 'ҚАЙРАТҰЛЫ' $AKIM_IIN "$AKIMAT" $AKIMAT_BIN)" sign
# The GOST variant: the akim's certificate with its key and signature algorithms named as GOST 34.310.
openssl x509 -in akim.pem -outform DER -out akim.der
"$self" gostify akim.der gost.der
openssl x509 -inform DER -in gost.der -out gost.pem 2>/dev/null || cp gost.der gost.pem
cp akim.key gost.key

cat > pki.json <<EOF
{
  "ca": "ca/ca.pem",
  "otherCa": "other-ca/ca.pem",
  "tsa": { "cert": "tsa.pem", "key": "tsa.key" },
  "server": { "cert": "server.pem", "key": "server.key" },
  "organizations": {
    "akimat": { "name": "$AKIMAT", "bin": "$AKIMAT_BIN" },
    "police": { "name": "$POLICE", "bin": "$POLICE_BIN" }
  },
  "people": { "akim": "$AKIM_IIN", "chief": "$CHIEF_IIN", "deputy": "$DEPUTY_IIN", "stranger": "$OTHER_IIN" },
  "otherBin": "$OTHER_BIN",
  "signers": {
    "akim": { "cert": "akim.pem", "key": "akim.key", "iin": "$AKIM_IIN", "bin": "$AKIMAT_BIN" },
    "chief": { "cert": "chief.pem", "key": "chief.key", "iin": "$CHIEF_IIN", "bin": "$POLICE_BIN" },
    "deputy": { "cert": "deputy.pem", "key": "deputy.key", "iin": "$DEPUTY_IIN", "bin": "$POLICE_BIN" },
    "expired": { "cert": "expired.pem", "key": "expired.key", "iin": "$AKIM_IIN", "bin": "$AKIMAT_BIN" },
    "auth": { "cert": "auth.pem", "key": "auth.key", "iin": "$AKIM_IIN", "bin": "$AKIMAT_BIN" },
    "individual": { "cert": "individual.pem", "key": "individual.key", "iin": "$AKIM_IIN", "bin": null },
    "wrong-bin": { "cert": "wrong-bin.pem", "key": "wrong-bin.key", "iin": "$AKIM_IIN", "bin": "$OTHER_BIN" },
    "wrong-iin": { "cert": "wrong-iin.pem", "key": "wrong-iin.key", "iin": "$OTHER_IIN", "bin": "$AKIMAT_BIN" },
    "other-ca": { "cert": "other-ca-signer.pem", "key": "other-ca-signer.key", "iin": "$AKIM_IIN", "bin": "$AKIMAT_BIN" },
    "gost": { "cert": "akim.pem", "key": "akim.key", "iin": "$AKIM_IIN", "bin": "$AKIMAT_BIN", "gost": true }
  }
}
EOF
