import { inflateRawSync } from 'node:zlib';
import { HttpApiError } from '../../http/api-error.js';

/**
 * An .xlsx is a zip of XML parts. A few megabytes of zip can hold gigabytes of XML (a "zip bomb": one
 * sheet of a million repeated rows compresses a thousandfold), and exceljs reads a workbook whole, in
 * memory. So before any workbook is handed to exceljs, its parts are inflated here under a hard cap
 * (zlib's maxOutputLength: the sizes the archive declares can lie) and the workbook is refused at the
 * first byte beyond it: 413 WORKBOOK_TOO_LARGE, nothing parsed, nothing stored.
 */

/** All parts of one workbook together, inflated: a 2,000-row import or a 5,000-figure report is a few MB. */
export const WORKBOOK_MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024;
/** Parts of one workbook: a template has about 15. */
export const WORKBOOK_MAX_PARTS = 500;

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

const tooLarge = (reason: string): HttpApiError =>
  new HttpApiError(413, 'WORKBOOK_TOO_LARGE', `The workbook is larger than this service reads: ${reason}`, {
    maxUncompressedBytes: WORKBOOK_MAX_UNCOMPRESSED_BYTES,
    maxParts: WORKBOOK_MAX_PARTS,
  });

/** The end-of-central-directory record's offset: within the last 64 KiB + 22 bytes (its comment is at most 64 KiB). */
const endRecordOf = (file: Buffer): number | null => {
  for (let at = file.length - 22; at >= Math.max(0, file.length - 22 - 0xffff); at -= 1) {
    if (file.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return null;
};

/**
 * Throws 413 WORKBOOK_TOO_LARGE when the workbook's parts inflate beyond WORKBOOK_MAX_UNCOMPRESSED_BYTES
 * together, or are more than WORKBOOK_MAX_PARTS. Returns false for a file that is no zip this service
 * reads (not a zip, ZIP64, encrypted, another compression, a broken stream): the caller answers it as
 * "not a workbook". Returns true when exceljs may read it.
 */
export const checkWorkbookArchive = (file: Buffer): boolean => {
  if (file.length < 22) return false;
  const end = endRecordOf(file);
  if (end === null) return false;
  const parts = file.readUInt16LE(end + 10);
  const directoryOffset = file.readUInt32LE(end + 16);
  // ZIP64 markers: no workbook within these bounds needs it.
  if (parts === 0xffff || directoryOffset === 0xffffffff) return false;
  if (parts > WORKBOOK_MAX_PARTS) throw tooLarge(`${parts} parts`);
  let budget = WORKBOOK_MAX_UNCOMPRESSED_BYTES;
  let at = directoryOffset;
  for (let index = 0; index < parts; index += 1) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) return false;
    const flags = file.readUInt16LE(at + 8);
    const method = file.readUInt16LE(at + 10);
    const compressedSize = file.readUInt32LE(at + 20);
    const declaredSize = file.readUInt32LE(at + 24);
    const localHeader = file.readUInt32LE(at + 42);
    at += 46 + file.readUInt16LE(at + 28) + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
    if ((flags & 1) !== 0) return false; // encrypted
    if (localHeader + 30 > file.length || file.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) return false;
    const dataStart = localHeader + 30 + file.readUInt16LE(localHeader + 26) + file.readUInt16LE(localHeader + 28);
    if (dataStart + compressedSize > file.length) return false;
    const data = file.subarray(dataStart, dataStart + compressedSize);
    let size: number;
    if (method === STORED) size = compressedSize;
    else if (method === DEFLATED) {
      if (declaredSize > budget) throw tooLarge(`a part declares ${declaredSize} bytes`);
      try {
        // One byte over the budget is enough to know; the declared size is not trusted.
        size = inflateRawSync(data, { maxOutputLength: budget + 1 }).length;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge(`more than ${WORKBOOK_MAX_UNCOMPRESSED_BYTES} bytes inflated`);
        return false;
      }
    } else return false;
    if (size > budget) throw tooLarge(`more than ${WORKBOOK_MAX_UNCOMPRESSED_BYTES} bytes inflated`);
    budget -= size;
  }
  return true;
};
