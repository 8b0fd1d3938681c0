import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { isIP } from 'node:net'
import { createSecureContext, type SecureContext } from 'node:tls'
import { bitString, booleanTrue, explicit, implicit, objectId, octetString, sequence, set, time, unsignedInteger, utf8String } from './der.js'

/** A certificate authority made for one grading and thrown away after it: the student's client trusts it alone */
export interface ThrowawayCa {
  /** The authority's certificate, PEM: what the client is told to trust (SSL_CERT_FILE) */
  readonly certPem: string
  // A TLS server context whose certificate names `host` (a DNS name or an IP address), signed by this authority;
  // without a host (a client that sends no name, as one given an IP address), localhost, 127.0.0.1 and ::1
  contextFor(host?: string): SecureContext
  /** What a TLS server socket needs: the certificate named by the client's SNI, the default one without it */
  readonly serverOptions: { readonly secureContext: SecureContext; readonly SNICallback: (name: string, done: (error: Error | null, context?: SecureContext) => void) => void }
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1']

const ECDSA_WITH_SHA256 = sequence(objectId('1.2.840.10045.4.3.2'))
const COMMON_NAME = '2.5.4.3'
const ORGANIZATION = '2.5.4.10'
const HOUR_MS = 3_600_000

// A new authority with its own key: P-256, which every TLS client takes, minted in about a millisecond. Certificates
// last a day, starting an hour back (a clock that is a little behind still takes them)
export function throwawayCa(now = new Date()): ThrowawayCa {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const leafKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const caName = distinguishedName('sockgrade throw-away CA, made for one grading')
  const caKeyId = keyIdentifier(caKeys.publicKey)
  const validity = sequence(time(new Date(now.getTime() - HOUR_MS)), time(new Date(now.getTime() + 24 * HOUR_MS)))
  const caCert = signed(
    caKeys.privateKey,
    caName,
    caName,
    validity,
    caKeys.publicKey,
    extensions([
      extension('2.5.29.19', true, sequence(booleanTrue())),
      // keyCertSign and cRLSign: bits 5 and 6
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
      extension('2.5.29.14', false, octetString(caKeyId)),
    ]),
  )
  const leafKeyPem = leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
  const contexts = new Map<string, SecureContext>()
  const contextFor = (host?: string): SecureContext => {
      const key = host ?? ''
      const known = contexts.get(key)
      if (known) return known
      const names = host === undefined ? LOOPBACK_NAMES : [host]
      const leaf = signed(
        caKeys.privateKey,
        caName,
        distinguishedName(names[0] as string),
        validity,
        leafKeys.publicKey,
        extensions([
          extension('2.5.29.19', true, sequence()),
          // digitalSignature: bit 0
          extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
          extension('2.5.29.37', false, sequence(objectId('1.3.6.1.5.5.7.3.1'))),
          extension('2.5.29.14', false, octetString(keyIdentifier(leafKeys.publicKey))),
          extension('2.5.29.35', false, sequence(implicit(0, caKeyId))),
          extension('2.5.29.17', false, sequence(...names.map(generalName))),
        ]),
      )
      const context = createSecureContext({ key: leafKeyPem, cert: `${pem(leaf)}${pem(caCert)}` })
      contexts.set(key, context)
      return context
  }
  return {
    certPem: pem(caCert),
    contextFor,
    serverOptions: {
      secureContext: contextFor(),
      // A name no certificate can hold (the client chooses it) fails that handshake, never the grader
      SNICallback: (name, done) => {
        try {
          done(null, contextFor(name))
        } catch (error) {
          done(error as Error)
        }
      },
    },
  }
}

// A certificate: its to-be-signed part, signed by the issuer's key (ECDSA signatures come DER-encoded from Node)
function signed(issuerKey: KeyObject, issuer: Buffer, subject: Buffer, validity: Buffer, subjectKey: KeyObject, extensionsField: Buffer): Buffer {
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(Buffer.concat([Buffer.from([0x40]), randomBytes(15)])),
    ECDSA_WITH_SHA256,
    issuer,
    validity,
    subject,
    subjectKey.export({ type: 'spki', format: 'der' }),
    extensionsField,
  )
  return sequence(tbs, ECDSA_WITH_SHA256, bitString(sign('sha256', tbs, issuerKey)))
}

function distinguishedName(commonName: string): Buffer {
  return sequence(set(sequence(objectId(ORGANIZATION), utf8String('sockgrade'))), set(sequence(objectId(COMMON_NAME), utf8String(commonName.slice(0, 64)))))
}

function extensions(list: Buffer[]): Buffer {
  return explicit(3, sequence(...list))
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectId(oid), ...(critical ? [booleanTrue()] : []), octetString(value))
}

// What RFC 5280 suggests for a key identifier: the SHA-1 of the public key's bits
function keyIdentifier(key: KeyObject): Buffer {
  const spki = key.export({ type: 'spki', format: 'der' })
  // The key's bits end the SubjectPublicKeyInfo: for P-256, the last 65 bytes (an uncompressed point)
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest()
}

// dNSName [2], or iPAddress [7] as its bytes
function generalName(host: string): Buffer {
  const family = isIP(host)
  if (family === 4) return implicit(7, Buffer.from(host.split('.').map(Number)))
  if (family === 6) return implicit(7, ipv6Bytes(host))
  return implicit(2, Buffer.from(host, 'ascii'))
}

function ipv6Bytes(withZone: string): Buffer {
  // A zone (%eth0) names an interface, not part of the address; a dotted IPv4 end (::ffff:1.2.3.4) is two groups
  const address = withZone.split('%')[0]?.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_whole, a, b, c, d) => `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`) ?? ''
  const [head = '', tail] = address.split('::')
  const groups = (part: string) => (part ? part.split(':') : [])
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const middle = Array(8 - left.length - right.length).fill('0')
  const bytes = Buffer.alloc(16)
  ;[...left, ...middle, ...right].forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2))
  return bytes
}

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}
