// @ts-check
/**
 * STUN (RFC 8489) numbers the relay's Binding responder uses: header layout, message types,
 * attribute types, address families and the FINGERPRINT constants.
 */

// ---- Header (RFC 8489 §5) ----
/** Length of the fixed STUN header, in bytes. */
export const HEADER_LENGTH_BYTES = 20;
/** The magic cookie every RFC 5389/8489 message carries at bytes 4..7. */
export const MAGIC_COOKIE = 0x2112a442;
/** Length of the transaction id, in bytes. */
export const TRANSACTION_ID_LENGTH_BYTES = 12;
/** Length of an attribute's type + length header, in bytes. */
export const ATTRIBUTE_HEADER_LENGTH_BYTES = 4;

// ---- Message types: method 0x001 (Binding) in each class (RFC 8489 §5, §18.2) ----
/** Binding request (class request, method Binding). */
export const BINDING_REQUEST = 0x0001;
/** Binding indication (class indication, method Binding). */
export const BINDING_INDICATION = 0x0011;
/** Binding success response (class success response, method Binding). */
export const BINDING_SUCCESS_RESPONSE = 0x0101;
/** Binding error response (class error response, method Binding). */
export const BINDING_ERROR_RESPONSE = 0x0111;

// ---- Attribute types (RFC 8489 §18.3, RFC 8445 §16.1, RFC 5780 §9) ----
/** MAPPED-ADDRESS (comprehension-required). */
export const ATTR_MAPPED_ADDRESS = 0x0001;
/** CHANGE-REQUEST (RFC 5780; comprehension-required, not supported here). */
export const ATTR_CHANGE_REQUEST = 0x0003;
/** USERNAME (comprehension-required). */
export const ATTR_USERNAME = 0x0006;
/** MESSAGE-INTEGRITY, HMAC-SHA1 (comprehension-required). */
export const ATTR_MESSAGE_INTEGRITY = 0x0008;
/** ERROR-CODE (comprehension-required). */
export const ATTR_ERROR_CODE = 0x0009;
/** UNKNOWN-ATTRIBUTES (comprehension-required). */
export const ATTR_UNKNOWN_ATTRIBUTES = 0x000a;
/** REALM (comprehension-required). */
export const ATTR_REALM = 0x0014;
/** NONCE (comprehension-required). */
export const ATTR_NONCE = 0x0015;
/** MESSAGE-INTEGRITY-SHA256 (comprehension-required). */
export const ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001c;
/** PASSWORD-ALGORITHM (comprehension-required). */
export const ATTR_PASSWORD_ALGORITHM = 0x001d;
/** USERHASH (comprehension-required). */
export const ATTR_USERHASH = 0x001e;
/** XOR-MAPPED-ADDRESS (comprehension-required). */
export const ATTR_XOR_MAPPED_ADDRESS = 0x0020;
/** PRIORITY (ICE, comprehension-required). */
export const ATTR_PRIORITY = 0x0024;
/** USE-CANDIDATE (ICE, comprehension-required). */
export const ATTR_USE_CANDIDATE = 0x0025;
/** SOFTWARE (comprehension-optional). */
export const ATTR_SOFTWARE = 0x8022;
/** FINGERPRINT (comprehension-optional; must be the last attribute). */
export const ATTR_FINGERPRINT = 0x8028;
/** ICE-CONTROLLED (comprehension-optional). */
export const ATTR_ICE_CONTROLLED = 0x8029;
/** ICE-CONTROLLING (comprehension-optional). */
export const ATTR_ICE_CONTROLLING = 0x802a;
/** Attribute types below this value are comprehension-required (RFC 8489 §14). */
export const COMPREHENSION_OPTIONAL_MIN = 0x8000;

// ---- Address families in (XOR-)MAPPED-ADDRESS (RFC 8489 §14.1) ----
/** Address family code for IPv4. */
export const FAMILY_IPV4 = 0x01;
/** Address family code for IPv6. */
export const FAMILY_IPV6 = 0x02;
/** Value length of an IPv4 XOR-MAPPED-ADDRESS, in bytes. */
export const XOR_ADDRESS_IPV4_LENGTH_BYTES = 8;
/** Value length of an IPv6 XOR-MAPPED-ADDRESS, in bytes. */
export const XOR_ADDRESS_IPV6_LENGTH_BYTES = 20;

// ---- FINGERPRINT (RFC 8489 §14.7) ----
/** The FINGERPRINT value is CRC-32 of the message XOR this constant ("STUN"). */
export const FINGERPRINT_XOR = 0x5354554e;
/** Total size of a FINGERPRINT attribute (header + 4-byte value), in bytes. */
export const FINGERPRINT_ATTRIBUTE_LENGTH_BYTES = 8;

/**
 * Comprehension-required attributes this responder understands, in the sense of RFC 8489 §6.3:
 * it knows what they mean, and for a plain Binding request it may answer without acting on them
 * (there are no credentials here, so USERNAME / MESSAGE-INTEGRITY are accepted and ignored).
 * CHANGE-REQUEST is deliberately absent: this server cannot answer from another address.
 */
export const KNOWN_COMPREHENSION_REQUIRED = new Set([
  ATTR_MAPPED_ADDRESS,
  ATTR_USERNAME,
  ATTR_MESSAGE_INTEGRITY,
  ATTR_ERROR_CODE,
  ATTR_UNKNOWN_ATTRIBUTES,
  ATTR_REALM,
  ATTR_NONCE,
  ATTR_MESSAGE_INTEGRITY_SHA256,
  ATTR_PASSWORD_ALGORITHM,
  ATTR_USERHASH,
  ATTR_XOR_MAPPED_ADDRESS,
  ATTR_PRIORITY,
  ATTR_USE_CANDIDATE,
]);
