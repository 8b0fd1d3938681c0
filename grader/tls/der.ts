// The few DER encodings an X.509 certificate needs (ITU-T X.690): enough to mint the grader's throw-away certificates

// A tag, its length and its contents
export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents)
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body])
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length])
  const bytes: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

// SEQUENCE of the encoded parts
export const sequence = (...parts: Buffer[]): Buffer => tlv(0x30, ...parts)

// SET of the encoded parts
export const set = (...parts: Buffer[]): Buffer => tlv(0x31, ...parts)

// A non-negative INTEGER from its big-endian bytes (a leading zero added where the top bit would make it negative)
export function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const trimmed = bytes.subarray(start)
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

// An OBJECT IDENTIFIER from its dotted form ("2.5.4.3")
export function objectId(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number)
  const bytes = [first * 40 + second]
  for (const arc of rest) {
    const groups: number[] = [arc & 0x7f]
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) groups.unshift((value & 0x7f) | 0x80)
    bytes.push(...groups)
  }
  return tlv(0x06, Buffer.from(bytes))
}

// A UTF8String
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'))

// BOOLEAN TRUE
export const booleanTrue = (): Buffer => tlv(0x01, Buffer.from([0xff]))

// An OCTET STRING
export const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes)

// A BIT STRING of whole bytes, or with the last `unusedBits` of its last byte unused
export const bitString = (bytes: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.from([unusedBits]), bytes)

// A UTCTime (years 1950-2049) or, past 2049, a GeneralizedTime: what RFC 5280 asks for a certificate's validity
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const year = date.getUTCFullYear()
  return year < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`))
}

// [n] EXPLICIT around an encoded value
export const explicit = (n: number, value: Buffer): Buffer => tlv(0xa0 | n, value)

// [n] IMPLICIT of primitive contents (a keyIdentifier, a GeneralName's dNSName or iPAddress)
export const implicit = (n: number, contents: Buffer): Buffer => tlv(0x80 | n, contents)
