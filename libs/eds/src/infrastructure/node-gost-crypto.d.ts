// node-gost-crypto (Rudolf Nickolaev's WebCrypto GOST for Node) ships no types: the part Kelisim uses.
declare module 'node-gost-crypto' {
  interface GostDigestAlgorithm {
    name: 'GOST R 34.11';
    version: 1994 | 2012;
    length?: 256 | 512;
    /** GOST 28147-89 S-box of the 1994 hash: 'D-TEST' (the standard's test parameters), 'D-A' (CryptoPro)… */
    sBox?: string;
  }
  const gost: {
    gostEngine: { getGostDigest(algorithm: GostDigestAlgorithm): { digest(data: ArrayBuffer | ArrayBufferView): ArrayBuffer } };
  };
  export default gost;
}
