import fc from "fast-check";

/** Firestore's maximum document ID size, in UTF-8 bytes. */
const MAX_DOCUMENT_ID_BYTES = 1500;

/**
 * Tells whether a string follows Firestore's documented rules for document
 * IDs: not empty, valid Unicode, at most 1,500 bytes in UTF-8, no `/`, not
 * `.` or `..`, and not matching `__.*__`. Written apart from the backend's
 * validation so that the properties can compare the two.
 * NOTE: The Firestore emulator of Google Cloud CLI 528.0.0 accepts "____",
 * which matches `__.*__`, but this function follows the documented rule.
 */
export function isValidDocumentId(id: string): boolean {
  return (
    id.length > 0 &&
    isWellFormedUnicode(id) &&
    new TextEncoder().encode(id).length <= MAX_DOCUMENT_ID_BYTES &&
    !id.includes("/") &&
    id !== "." &&
    id !== ".." &&
    !(id.length >= 4 && id.startsWith("__") && id.endsWith("__"))
  );
}

function isWellFormedUnicode(text: string): boolean {
  try {
    // encodeURIComponent throws URIError on a lone surrogate.
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

// One UTF-16 code unit, often a surrogate, so that lone surrogates appear.
const codeUnitArb = fc
  .oneof(
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.integer({ min: 0, max: 0xffff }),
  )
  .map((codeUnit) => String.fromCharCode(codeUnit));

/**
 * A string of about 1,500 UTF-8 bytes made of one repeated character of 1
 * to 4 bytes, padded with ASCII to the exact byte count.
 */
const nearByteLimitArb = fc
  .tuple(
    fc.constantFrom("a", "é", "€", "😀"),
    fc.integer({
      min: MAX_DOCUMENT_ID_BYTES - 6,
      max: MAX_DOCUMENT_ID_BYTES + 6,
    }),
  )
  .map(([character, bytes]) => {
    const size = Buffer.byteLength(character);
    return (
      character.repeat(Math.floor(bytes / size)) + "a".repeat(bytes % size)
    );
  });

/** Strings that break or nearly break one of the document ID rules. */
const edgeIdArb = fc.oneof(
  fc.constantFrom(
    "",
    "/",
    "a/b",
    "/a",
    "a/",
    ".",
    "..",
    "...",
    ".a",
    "__",
    "___",
    "____",
    "_____",
    "__x__",
    "__.__",
    "__proto__",
    "__\n__",
    "__x",
    "x__",
    "\u0000",
    " ",
    "\n",
    "\ufffe",
    "\uffff",
  ),
  fc.string({ maxLength: 6 }).map((middle) => `__${middle}__`),
  fc
    .tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }))
    .map(([head, tail]) => `${head}/${tail}`),
);

/**
 * Any string, weighted towards document ID edge cases: full Unicode, lone
 * surrogates, `/`, `.`, `..`, `__…__`, lengths around 1,500 UTF-8 bytes
 * and strings of up to 2,000 code points.
 */
export const broadcastIdArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: codeUnitArb, maxLength: 12 }),
  { weight: 2, arbitrary: edgeIdArb },
  nearByteLimitArb,
  fc.string({ unit: "binary", minLength: 300, maxLength: 2000 }),
);
